//! The manual pages (roff) of `archpick man`: one for archpick and one per
//! command, like git's (`archpick-evaluate(1)`). clap_mangen renders the
//! title, NAME and OPTIONS from the command line's
//! definition; the rest is written here, because clap_mangen's synopsis
//! leaves out option values, it puts examples under "EXTRA", and it knows
//! nothing of exit codes or of the environment.

use clap::{Arg, ArgAction, Command};
use std::fmt::Write as _;

/// The manual's name, in every page's title line.
const MANUAL: &str = "archpick manual";

/// One rendered page and the file name `man` looks for it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// `archpick.1`, `archpick-evaluate.1`.
    pub file_name: String,
    pub roff: String,
}

/// The page of `command`, which must have been built (`Command::build`) so
/// that a subcommand knows its full name; `top` is the page of archpick itself,
/// and `version` is the package's (the title line names it as the source)
/// and `long_version` what `--version` says.
pub fn page(
    command: &Command,
    top: bool,
    version: &str,
    long_version: &str,
) -> std::io::Result<Page> {
    let man = clap_mangen::Man::new(command.clone())
        .source(format!("archpick {version}"))
        .manual(MANUAL);
    // Each of clap_mangen's sections comes with the preamble that defines
    // `\*(Aq`; the page needs it once, at its start.
    let mut bytes = Vec::new();
    man.render_title(&mut bytes)?;
    let mut roff = String::from_utf8_lossy(&bytes).into_owned();
    let preamble = roff[..roff.find(".TH").unwrap_or(0)].to_string();
    let section = |render: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok::<String, std::io::Error>(match text.strip_prefix(preamble.as_str()) {
            Some(rest) => rest.to_string(),
            None => text,
        })
    };
    roff.push_str(&section(&|w| man.render_name_section(w))?);
    synopsis(&mut roff, command, top);
    description(&mut roff, command);
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        roff.push_str(&section(&|w| man.render_options_section(w))?);
    }
    if top {
        commands_section(&mut roff, command);
    }
    examples(&mut roff, command);
    exit_status(&mut roff);
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, command, top);
    let _ = writeln!(roff, ".SH VERSION\n{}", escape(long_version));
    Ok(Page {
        file_name: format!("{}.1", man_name(command)),
        roff,
    })
}

/// Every page: archpick's first, then one per command in the order of
/// `archpick --help` (clap's own `help` command has none).
pub fn pages(top: &Command, version: &str, long_version: &str) -> std::io::Result<Vec<Page>> {
    let mut out = vec![page(top, true, version, long_version)?];
    for sub in commands(top) {
        out.push(page(sub, false, version, long_version)?);
    }
    Ok(out)
}

/// archpick's commands, each with its page (clap_mangen's list would name
/// a page for clap's `help` too, which has none).
fn commands_section(out: &mut String, top: &Command) {
    let _ = writeln!(out, ".SH COMMANDS");
    for sub in commands(top) {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            ".TP\n\\fB{}\\fR(1)\n{}",
            escape(&man_name(sub)),
            escape_line(&about)
        );
    }
}

/// The commands that have a page.
fn commands(top: &Command) -> impl Iterator<Item = &Command> {
    top.get_subcommands()
        .filter(|c| c.get_name() != "help" && !c.is_hide_set())
}

/// `archpick`, `archpick-evaluate`.
fn man_name(command: &Command) -> String {
    command
        .get_display_name()
        .unwrap_or(command.get_name())
        .to_string()
}

/// The synopsis with every option's value, and `...` where an option or an
/// argument repeats: `archpick evaluate [--top N] [--set TRAIT=VALUE]... FILE...`.
fn synopsis(out: &mut String, command: &Command, top: bool) {
    let name = command.get_bin_name().unwrap_or(command.get_name());
    let mut line = format!("\\fB{}\\fR", escape(name));
    // Options first, then the arguments in their order, as `--help`'s usage line.
    let (positional, options): (Vec<&Arg>, Vec<&Arg>) = command
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .partition(|a| a.is_positional());
    for arg in options.into_iter().chain(positional) {
        line.push(' ');
        line.push_str(&synopsis_item(arg));
    }
    if top {
        line.push_str(" \\fICOMMAND\\fR [\\fIARGS\\fR]");
    }
    let _ = writeln!(out, ".SH SYNOPSIS\n{line}");
}

/// One option or argument of the synopsis, in roff.
fn synopsis_item(arg: &Arg) -> String {
    let value = value_name(arg);
    let repeats = matches!(arg.get_action(), ArgAction::Append | ArgAction::Count)
        || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
    let dots = if repeats { "..." } else { "" };
    if arg.is_positional() {
        let item = format!("\\fI{}\\fR{dots}", escape(&value));
        return if arg.is_required_set() {
            item
        } else {
            format!("[{item}]")
        };
    }
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("\\fB\\-{}\\fR", escape(&short.to_string())));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
    }
    let names = names.join("|");
    let takes_value = arg.get_action().takes_values();
    let item = if takes_value {
        format!("{names} \\fI{}\\fR", escape(&value))
    } else {
        names
    };
    if arg.is_required_set() {
        format!("{item}{dots}")
    } else {
        format!("[{item}]{dots}")
    }
}

/// An argument's value as `--help` names it: its value name, else its id in capitals.
fn value_name(arg: &Arg) -> String {
    match arg.get_value_names() {
        Some([name, ..]) => name.to_string(),
        _ => arg.get_id().as_str().to_uppercase(),
    }
}

/// The long description, then what the command's help says before its examples.
fn description(out: &mut String, command: &Command) {
    let about = command
        .get_long_about()
        .or(command.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    let _ = writeln!(out, ".SH DESCRIPTION");
    paragraphs(out, &about);
    let (prose, _) = split_after_help(command);
    paragraphs(out, &prose);
}

/// The examples of the command's help, one per line as typed.
fn examples(out: &mut String, command: &Command) {
    let (_, examples) = split_after_help(command);
    if examples.is_empty() {
        return;
    }
    let _ = writeln!(out, ".SH EXAMPLES\n.PP\n.nf");
    for example in examples {
        let _ = writeln!(out, "{}", escape_line(&example));
    }
    let _ = writeln!(out, ".fi");
}

/// A command's help after its options, as its prose and its examples
/// (the indented lines after `Examples:`).
fn split_after_help(command: &Command) -> (String, Vec<String>) {
    let text = command
        .get_after_long_help()
        .or(command.get_after_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let (prose, examples) = match text.split_once("Examples:\n") {
        Some((prose, examples)) => (prose, examples),
        None => (text.as_str(), ""),
    };
    let examples = examples
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(str::to_string)
        .collect();
    (prose.trim().to_string(), examples)
}

/// Text as roff paragraphs: a blank line starts a new one, and lines that
/// are indented (a modeline, a command) keep their line breaks.
fn paragraphs(out: &mut String, text: &str) {
    for paragraph in text
        .split("\n\n")
        .map(str::trim_end)
        .filter(|p| !p.is_empty())
    {
        let _ = writeln!(out, ".PP");
        for line in paragraph.lines() {
            if let Some(indented) = line.strip_prefix("  ") {
                let _ = writeln!(out, ".RS 4\n.nf\n{}\n.fi\n.RE", escape_line(indented));
            } else {
                let _ = writeln!(out, "{}", escape_line(line.trim_start()));
            }
        }
    }
}

fn exit_status(out: &mut String) {
    let _ = writeln!(out, ".SH \"EXIT STATUS\"");
    for (code, meaning) in [
        ("0", "Success, also for \\-\\-help and \\-\\-version."),
        (
            "1",
            "The command ran and found failures: \\fBtest\\fR (an expectation failed), \
\\fBcheck\\fR (findings), \\fBreview \\-\\-strict\\fR (the declared architecture drifts).",
        ),
        (
            "2",
            "Bad usage or bad input; the message is on stderr and names the file, line and \
column where there is one.",
        ),
        (
            "130",
            "\\fBask\\fR was stopped with Ctrl\\-C or Esc; the answers so far are kept in a \
draft that \\fBask \\-\\-resume\\fR continues.",
        ),
    ] {
        let _ = writeln!(out, ".TP\n\\fB{code}\\fR\n{meaning}");
    }
}

fn environment(out: &mut String) {
    let _ = writeln!(out, ".SH ENVIRONMENT");
    for (name, meaning) in [
        (
            "NO_COLOR",
            "When set and not empty, no colour (unless \\-\\-color always).",
        ),
        (
            "CLICOLOR_FORCE",
            "When set, not empty and not 0, colour even into a pipe or a file (unless NO_COLOR \
or \\-\\-color never).",
        ),
        ("CLICOLOR", "When 0, no colour with \\-\\-color auto."),
        ("TERM", "When dumb, no colour with \\-\\-color auto."),
        (
            "COLUMNS",
            "The width text output wraps at (40 to 160), instead of the terminal's.",
        ),
    ] {
        let _ = writeln!(out, ".TP\n\\fB{name}\\fR\n{meaning}");
    }
}

fn files(out: &mut String) {
    let _ = writeln!(
        out,
        ".SH FILES\n.TP\n\\fBarchpick.toml\\fR\nThe project configuration, found in the current folder or the nearest \
folder above it (up to a repository's root): the rule pack, the scenarios \\fBtest\\fR runs \
by default, and a default \\-\\-top. \\-\\-config FILE reads another file, \\-\\-no\\-config none."
    );
}

/// archpick's page names every command's page; a command's page names archpick's.
fn see_also(out: &mut String, command: &Command, top: bool) {
    let _ = writeln!(out, ".SH \"SEE ALSO\"");
    let names: Vec<String> = if top {
        commands(command).map(man_name).collect()
    } else {
        vec!["archpick".to_string()]
    };
    let last = names.len().saturating_sub(1);
    for (i, name) in names.iter().enumerate() {
        let comma = if i < last { "," } else { "" };
        let _ = writeln!(out, ".BR {} (1){comma}", escape(name));
    }
}

/// Text for roff: backslashes and hyphens escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// A line of text for roff: escaped, and kept from reading as a request
/// when it starts with `.` or `'`.
fn escape_line(line: &str) -> String {
    let escaped = escape(line);
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_escapes() {
        assert_eq!(escape("--set a\\b"), "\\-\\-set a\\eb");
        assert_eq!(escape_line(".hidden"), "\\&.hidden");
        assert_eq!(escape_line("'quoted"), "\\&'quoted");
    }

    #[test]
    fn the_synopsis_names_values_and_repeats() {
        let mut command = Command::new("tool")
            .arg(Arg::new("top").long("top").value_name("N"))
            .arg(
                Arg::new("set")
                    .long("set")
                    .value_name("TRAIT=VALUE")
                    .action(ArgAction::Append),
            )
            .arg(Arg::new("out").short('o').long("output").required(true))
            .arg(Arg::new("diff").long("diff").action(ArgAction::SetTrue))
            .arg(
                Arg::new("files")
                    .value_name("FILE")
                    .required(true)
                    .num_args(1..),
            );
        command.build();
        let mut out = String::new();
        synopsis(&mut out, &command, false);
        assert_eq!(
            out,
            ".SH SYNOPSIS\n\\fBtool\\fR [\\fB\\-\\-top\\fR \\fIN\\fR] \
[\\fB\\-\\-set\\fR \\fITRAIT=VALUE\\fR]... \\fB\\-o\\fR|\\fB\\-\\-output\\fR \\fIOUT\\fR \
[\\fB\\-\\-diff\\fR] [\\fB\\-h\\fR|\\fB\\-\\-help\\fR] \\fIFILE\\fR...\n"
        );
        let mut command = Command::new("tool").arg(Arg::new("extra"));
        command.build();
        let mut out = String::new();
        synopsis(&mut out, &command, false);
        assert_eq!(
            out,
            ".SH SYNOPSIS\n\\fBtool\\fR [\\fB\\-h\\fR|\\fB\\-\\-help\\fR] [\\fIEXTRA\\fR]\n"
        );
    }

    #[test]
    fn after_help_splits_into_prose_and_examples() {
        let command = Command::new("tool")
            .after_help("Some words\nmore words.\n\nExamples:\n  tool a\n  tool b --c   # why\n");
        let (prose, examples) = split_after_help(&command);
        assert_eq!(prose, "Some words\nmore words.");
        assert_eq!(examples, ["tool a", "tool b --c   # why"]);
    }
}
