//! `archpick completions SHELL`: a completion script for the shell, generated
//! from the command line definition (clap_complete), with the loaded pack's
//! pattern ids (`explain <TAB>`, `why-not <TAB>`) and `TRAIT=VALUE` pairs
//! (`--set <TAB>`) written into it.

use crate::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use crate::model::pack::Pack;
use crate::model::traits::TraitKind;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, CommandFactory};

pub fn run(pack: &Pack, args: &CompletionsArgs) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    let patterns: Vec<PossibleValue> = pack
        .patterns
        .iter()
        .map(|p| PossibleValue::new(p.id.to_string()).help(p.name.to_string()))
        .collect();
    let settings = set_values(pack);
    // (command, position among its arguments) of each PATTERN argument.
    let mut pattern_at: Vec<(String, usize)> = Vec::new();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| {
            // The arguments are found by their ids in `cli.rs`, not by command,
            // so a new command with a PATTERN or a --set is completed too.
            let has = |id: &str| sub.get_arguments().any(|a| a.get_id() == id);
            let (pattern, set) = (has("pattern"), has("set"));
            if let Some(at) = sub.get_positionals().position(|a| a.get_id() == "pattern") {
                pattern_at.push((sub.get_name().to_string(), at));
            }
            let positionals: Vec<String> = sub
                .get_positionals()
                .map(|a| a.get_id().to_string())
                .collect();
            let mut sub = sub;
            if pattern {
                sub = sub.mut_arg("pattern", |a| offer(a, &patterns));
            }
            if set {
                sub = sub.mut_arg("set", |a| offer(a, &settings));
            }
            // Changing an argument moves it last, and the scripts complete
            // positionals in that order: put them back in theirs.
            for id in &positionals {
                sub = sub.mut_arg(id, |a| a);
            }
            sub
        });
    }
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "archpick", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if args.shell == clap_complete::Shell::Fish {
        fish_patterns(&mut script, pack, &pattern_at);
    }
    Ok(Outcome::success(script))
}

/// clap_complete's fish script completes the values of options only, so the
/// pattern ids of a PATTERN argument are added here: offered (and files not)
/// when the words before the cursor are `archpick COMMAND` and the arguments
/// before PATTERN.
fn fish_patterns(script: &mut String, pack: &Pack, pattern_at: &[(String, usize)]) {
    use std::fmt::Write as _;
    let quote = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"));
    let _ = writeln!(
        script,
        "\n# The pattern ids of the rule pack, for PATTERN arguments."
    );
    for (command, at) in pattern_at {
        let condition = format!(
            "__fish_archpick_using_subcommand {command}; and test (count (commandline -opc)) -eq {}",
            at + 2
        );
        for p in &pack.patterns {
            let _ = writeln!(
                script,
                "complete -c archpick -n {} -f -a {} -d {}",
                quote(&condition),
                quote(&p.id),
                quote(&p.name)
            );
        }
    }
}

/// `arg` completed with `values`. Only the completion script sees them:
/// parsing takes any text (aliases and names of patterns too), and `--help`
/// does not list them.
fn offer(arg: Arg, values: &[PossibleValue]) -> Arg {
    arg.value_parser(PossibleValuesParser::new(values.to_vec()))
        .hide_possible_values(true)
}

/// What `--set` can be given: every value of a yes/no or level trait, and
/// `unknown`, as `trait=value`; a number trait as `trait=`, for the number
/// to be typed.
fn set_values(pack: &Pack) -> Vec<PossibleValue> {
    let mut out = Vec::new();
    for t in &pack.traits {
        let values: Vec<&str> = match &t.kind {
            TraitKind::Bool => vec!["true", "false", "unknown"],
            TraitKind::Level(levels) => levels
                .iter()
                .map(String::as_str)
                .chain(["unknown"])
                .collect(),
            TraitKind::Number { .. } => vec![""],
        };
        for value in values {
            out.push(PossibleValue::new(format!("{}={value}", t.id)).help(t.meaning.to_string()));
        }
    }
    out
}
