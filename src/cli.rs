//! The command line, as clap reads it. Behaviour lives in `commands/`.

use crate::report::{GraphFormat, ListFormat, ReportFormat};
use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// Recommends distributed-systems architecture patterns for a workload.
#[derive(Debug, Parser)]
#[command(
    name = "archpick",
    // The package's version and the built-in rule pack's (build.rs).
    version = env!("ARCHPICK_VERSION"),
    about,
    long_about = "Recommends distributed-systems architecture patterns for a workload.\n\n\
Describe the workload as traits in a scenario file; archpick ranks the 33 patterns of the\n\
catalog by rules over those traits and the relations between patterns, and says why.",
    after_help = "Examples:\n  archpick evaluate scenarios/ecommerce_storefront.yaml\n  archpick evaluate scenarios/ecommerce_storefront.yaml --set data_size=massive --format json\n  archpick explain caching\n  archpick list traits"
)]
pub struct Cli {
    /// Use the rule pack in DIR instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Read the project configuration from FILE instead of the archpick.toml found by
    /// walking up from the current folder (see docs/config.md).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Read no project configuration.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// When to colour the output: auto colours stdout and stderr each when it is a terminal,
    /// and respects NO_COLOR, CLICOLOR_FORCE, CLICOLOR=0 and TERM=dumb.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// The `--color` a command line asks for, read before clap parses it, so
/// that clap's own messages (a usage error, `--help`) follow it too: the
/// last `--color WHEN` or `--color=WHEN` before a `--`, else auto. A value
/// clap would refuse counts as auto here; clap then says what is wrong.
pub fn color_choice(args: &[OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--color") => args.next().and_then(|v| v.to_str()),
            Some(a) => a.strip_prefix("--color="),
            None => None,
        };
        if let Some(value) = value {
            choice = ColorChoice::from_str(value, false).unwrap_or_default();
        }
    }
    choice
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer questions about the workload, then get the recommendation.
    #[command(
        after_help = "The next question is the one whose answer could change the top picks most; once\n\
none can, ask offers to finish (Enter finishes). --all asks every question in order.\n\
Enter alone keeps the default or answers \"don't know\". Esc goes back a question.\n\
Ctrl-C stops and keeps the answers so far in a draft file, which --resume continues.\n\n\
Examples:\n  archpick ask\n  archpick ask --save my-app.yaml\n  archpick ask --all --save my-app.yaml\n  archpick ask --scan . --save my-app.yaml\n  archpick ask --from scenarios/b2b_saas.yaml --save my-saas.yaml\n  archpick ask --resume archpick-draft.yaml"
    )]
    Ask(AskArgs),

    /// Recommend patterns for saved scenarios.
    #[command(
        after_help = "Examples:\n  archpick evaluate scenarios/social_feed.yaml\n  archpick evaluate scenarios/social_feed.yaml scenarios/b2b_saas.yaml --format json\n  cat scenarios/b2b_saas.yaml | archpick evaluate -\n  archpick evaluate scenarios/ecommerce_storefront.yaml --set data_size=massive --top 5\n  archpick evaluate scenarios/ecommerce_storefront.yaml --set data_size=massive --diff"
    )]
    Evaluate(EvaluateArgs),

    /// Show a pattern's card and its relations.
    #[command(
        after_help = "Examples:\n  archpick explain caching\n  archpick explain saga --format json"
    )]
    Explain(ExplainArgs),

    /// List the catalog: patterns, traits, rules, relations or questions.
    #[command(
        after_help = "Examples:\n  archpick list patterns\n  archpick list traits --format json\n  archpick list questions"
    )]
    List(ListArgs),

    /// Write design-review notes (Markdown) for a scenario.
    #[command(
        long_about = "Write design-review notes (Markdown) for a scenario, decisions first: page one \
names the essential decisions with one line of why each, what is held back, the tensions to \
resolve first and the open questions that would change the advice; then a section per essential \
pick (variant, reasons, costs, review questions), the other picks in one table, an adoption plan, \
the tensions with the usual ways out, a gap analysis against the scenario's `adopted` patterns, \
a map of the decisions and the workload profile. --detail full writes every pick, reason, risk \
and card question instead.\n\n\
With --strict, exit 1 (after writing the notes) when an essential pick is not adopted or an \
adopted pattern's requirement is missing, so CI can fail when the declared architecture drifts \
from the workload.",
        after_help = "Examples:\n  archpick review scenarios/b2b_saas.yaml\n  archpick review scenarios/b2b_saas.yaml -o design-review.md --date 2025-01-15\n  archpick review scenarios/b2b_saas.yaml --strict -o review.md   # in CI: exit 1 on drift\n  archpick review scenarios/b2b_saas.yaml --set global_users=true\n  archpick review scenarios/b2b_saas.yaml --scan ."
    )]
    Review(ReviewArgs),

    /// Write a decision record (MADR) for each essential pick.
    #[command(
        long_about = "Write one MADR-format architecture decision record per essential pick into DIR, \
numbered after the records already there (NNNN-title.md). Existing files are never overwritten, \
and a pick that already has a record in DIR is skipped. Each record's \"revisit if\" names the \
single trait changes that would move the pick out of the essential tier.",
        after_help = "Examples:\n  archpick adr scenarios/payments_ledger.yaml -o docs/decisions\n  archpick adr scenarios/b2b_saas.yaml -o docs/adr --date 2025-01-15"
    )]
    Adr(AdrArgs),

    /// Draw the relation graph, or a scenario's recommended subgraph.
    #[command(
        after_help = "Examples:\n  archpick graph | dot -Tsvg > patterns.svg\n  archpick graph scenarios/social_feed.yaml --format mermaid\n  archpick graph scenarios/social_feed.yaml --set data_size=small | dot -Tpng > feed.png"
    )]
    Graph(GraphArgs),
    /// Run the `expect` blocks of scenario files (default: scenarios/, or as archpick.toml says).
    #[command(
        after_help = "Each scenario's `expect` block says which patterns must rank within its top N\n\
(include), which must not (exclude), and which must rank above which (order).\n\
Exit status: 0 all passed, 1 some failed, 2 bad input.\n\n\
Examples:\n  archpick test\n  archpick test scenarios/b2b_saas.yaml scenarios/social_feed.yaml\n  archpick test --coverage\n  archpick test scenarios/ --set availability=critical\n  archpick test --format junit > archpick-junit.xml   # for CI test reports\n  archpick test --rules rules/ scenarios/   # a pack in a folder, here the built-in one"
    )]
    Test(TestArgs),

    /// Validate a rule pack: every problem as file:line:col: severity: message.
    #[command(
        after_help = "Finds YAML and schema errors, duplicate ids, unknown references, level values\n\
not in a trait's list, cycles of `requires`, rules that can never fire, patterns\n\
no rule can reach and relations given twice.\n\
Exit status: 0 no findings, 1 findings, 2 the pack cannot be read.\n\n\
Examples:\n  archpick check\n  archpick check --rules rules/\n  archpick check --rules rules/ --format json"
    )]
    Check(CheckArgs),

    /// Compare two scenarios: what moves in the ranking, and why.
    #[command(
        after_help = "Lists the traits that differ, then every pattern whose rank or score moved,\n\
with the reasons (rules and relations) that apply only before (-) or only after (+).\n\n\
Examples:\n  archpick diff scenarios/internal_crud_tool.yaml scenarios/b2b_saas.yaml\n  archpick diff scenarios/social_feed.yaml scenarios/video_streaming.yaml --format json\n  archpick evaluate scenarios/internal_crud_tool.yaml --set global_users=true --diff"
    )]
    Diff(DiffArgs),

    /// Why a pattern is not in the top N, and the smallest changes that would put it there.
    #[command(
        name = "why-not",
        after_help = "Breaks the pattern's score into reasons, lists what held it back and the rules\n\
and relations that did not apply, then searches for the smallest changes to the\n\
workload (one trait, else two, set or changed) that bring it into the top N, each\n\
with the --set flags that apply it. N is --top, else the scenario's expect.top, else 10.\n\n\
Examples:\n  archpick why-not cdn scenarios/b2b_saas.yaml\n  archpick why-not sharding scenarios/ecommerce_storefront.yaml --top 5\n  archpick why-not cqrs scenarios/social_feed.yaml --format json"
    )]
    WhyNot(WhyNotArgs),

    /// The unanswered questions whose answer could change the top picks, best first.
    #[command(
        after_help = "For a saved scenario, tries every answer of each question the scenario has not\n\
answered (and that the questionnaire would ask now) and ranks the questions by how\n\
many patterns one answer would bring into or take out of the top N, with what each\n\
answer would change. \"Settled\" means no open question can change the top N:\n\
`--format json` has `\"settled\": true` for CI.\n\n\
Examples:\n  archpick next scenarios/b2b_saas.yaml\n  archpick next scenarios/internal_crud_tool.yaml --top 5\n  archpick next scenarios/social_feed.yaml --format json"
    )]
    Next(NextArgs),

    /// The patterns a repository already runs, read from its infrastructure and dependency files.
    #[command(
        long_about = "The patterns a repository already runs, read from its infrastructure and \
dependency files: docker compose files, Kubernetes manifests, Terraform (.tf), CloudFormation \
and SAM templates (YAML or JSON), package.json, requirements*.txt, pyproject.toml, go.mod, \
Cargo.toml, pom.xml and *.csproj. Each finding names its file and line and the detector's \
reason; the detectors are data (detectors.yaml of the rule pack). What can serve several \
purposes (a Redis container: a cache or a store) is listed as seen and counted for no pattern.\n\n\
The walk stays inside DIR: symbolic links are not followed, .git, node_modules, target and \
vendored folders are skipped, and a file that cannot be read or parsed is listed under \
\"skipped\" with the reason. Exit status: 0 scanned (whatever was found), 2 DIR cannot be read.",
        after_help = "Examples:\n  archpick scan\n  archpick scan rules --format json\n  archpick scan . --format markdown > scan.md\n  archpick scan . --write-adopted scenarios/b2b_saas.yaml"
    )]
    Scan(ScanArgs),

    /// Print a JSON Schema of the scenario format (for editors), or of the JSON report.
    #[command(
        after_help = "The schema (draft 2020-12) is generated from the loaded rule pack: every trait\n\
with its kind, allowed values and meaning, and every pattern id. Save it and point\n\
the YAML language server at it with a modeline on the first line of a scenario,\n\
the path relative to the scenario's folder (a clone has schema/scenario.schema.json):\n\
  # yaml-language-server: $schema=./archpick.schema.json\n\n\
--report prints the schema of `evaluate --format json` instead, for CI consumers\n\
(the reports' `schema_version` names its version; see docs/json.md).\n\n\
Examples:\n  archpick schema > archpick.schema.json\n  archpick schema --rules rules/ > rules.schema.json\n  archpick schema --report > report.schema.json"
    )]
    Schema(SchemaArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  archpick completions bash > ~/.local/share/bash-completion/completions/archpick\n  archpick completions zsh > ~/.zfunc/_archpick\n  archpick completions fish > ~/.config/fish/completions/archpick.fish\n  archpick completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), of archpick or of one command, or write them all.
    #[command(
        after_help = "Examples:\n  archpick man | man -l -\n  archpick man evaluate | man -l -\n  archpick man --out ~/.local/share/man/man1"
    )]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// Write the scenario to FILE at the end (asks before replacing a file).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Start from a scenario file's answers, to revise it.
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub from: Option<String>,

    /// Continue a questionnaire that was stopped, from the draft it left.
    #[arg(long, value_name = "DRAFT")]
    pub resume: Option<String>,

    /// Ask every question, in the questionnaire's order, without offering to finish early.
    #[arg(long)]
    pub all: bool,

    /// Pre-tick the patterns `archpick scan DIR` finds in a repository as already in place.
    #[arg(long, value_name = "DIR")]
    pub scan: Option<PathBuf>,

    /// How many top picks decide which question comes next and when to offer to finish.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=1000), conflicts_with = "all")]
    pub top: u64,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Scenario files (YAML); `-` reads one from stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// What-if: override a trait, e.g. --set global_users=true (repeatable; VALUE may be `unknown`).
    #[arg(long = "set", value_name = "TRAIT=VALUE")]
    pub set: Vec<String>,

    /// Show what the --set overrides move in the ranking, and why, instead of the report.
    #[arg(long, requires = "set")]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The scenario before (`-` reads stdin).
    #[arg(value_name = "A.yaml")]
    pub before: String,

    /// The scenario after.
    #[arg(value_name = "B.yaml")]
    pub after: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct WhyNotArgs {
    /// A pattern id, alias or name, e.g. cdn or outbox (see `archpick list patterns`).
    pub pattern: String,

    /// The scenario file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,

    /// How far down the ranking counts as "in" (default: the scenario's expect.top, else 10).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub top: Option<u64>,

    /// What-if: override a trait before asking (repeatable; VALUE may be `unknown`).
    #[arg(long = "set", value_name = "TRAIT=VALUE")]
    pub set: Vec<String>,

    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// The scenario file (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: String,

    /// How many top picks an answer must be able to change [default: the configuration's top, else 8].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub top: Option<u64>,

    /// What-if: override a trait first (repeatable; VALUE may be `unknown`).
    #[arg(long = "set", value_name = "TRAIT=VALUE")]
    pub set: Vec<String>,

    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of the JSON report (`evaluate --format json`) instead of the scenario format.
    #[arg(long)]
    pub report: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The repository's folder.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Add the patterns found to SCENARIO's `adopted:` list (the rest of the file is kept as it is).
    #[arg(long, value_name = "SCENARIO")]
    pub write_adopted: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print (default: the page of archpick itself).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,

    /// Write every page into DIR instead (archpick.1 and one archpick-COMMAND.1 per
    /// command; DIR is created if missing, pages there are replaced).
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Scenario files, or folders whose *.yaml files are all run (default: the project
    /// configuration's `scenarios`, else scenarios/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Also list the rules that fired in no scenario and the patterns no scenario recommended.
    #[arg(long)]
    pub coverage: bool,

    /// What-if: override a trait in every scenario (repeatable; VALUE may be `unknown`).
    #[arg(long = "set", value_name = "TRAIT=VALUE")]
    pub set: Vec<String>,

    /// Output format: junit is JUnit XML (one test case per scenario file) for CI systems.
    #[arg(long, value_enum, default_value_t = crate::report::test::TestFormat::Text)]
    pub format: crate::report::test::TestFormat,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Show only the first N recommendations.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub top: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A pattern id, alias or name, e.g. caching or "circuit breaker" (see `archpick list patterns`).
    pub pattern: String,

    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: Listing,

    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Scenario file (YAML); `-` reads it from stdin.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// Write the notes to OUT (atomically) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Exit 1 when an essential pick is not adopted or an adopted pattern's requirement is missing.
    #[arg(long)]
    pub strict: bool,

    /// How much the notes say: `brief` puts the decisions first for a review
    /// meeting; `full` lists every pick, reason, risk and card question.
    #[arg(long, value_enum, default_value_t = crate::report::review::Detail::Brief, value_name = "LEVEL")]
    pub detail: crate::report::review::Detail,

    /// The date in the notes [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::report::date::parse_arg)]
    pub date: Option<crate::report::date::Date>,

    /// What-if: override a trait, e.g. --set global_users=true (repeatable; VALUE may be `unknown`).
    #[arg(long = "set", value_name = "TRAIT=VALUE")]
    pub set: Vec<String>,

    /// Count the patterns `archpick scan DIR` finds as adopted, besides the scenario's own list.
    #[arg(long, value_name = "DIR")]
    pub scan: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AdrArgs {
    /// Scenario file (YAML); `-` reads it from stdin.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// The folder of decision records (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,

    /// The date of the records [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::report::date::parse_arg)]
    pub date: Option<crate::report::date::Date>,

    /// What-if: override a trait, e.g. --set global_users=true (repeatable; VALUE may be `unknown`).
    #[arg(long = "set", value_name = "TRAIT=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Scenario file (YAML) whose picks to draw; `-` reads stdin [default: the whole catalog].
    #[arg(value_name = "FILE")]
    pub file: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// What-if: override a trait, e.g. --set global_users=true (repeatable; needs FILE).
    #[arg(long = "set", value_name = "TRAIT=VALUE", requires = "file")]
    pub set: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Listing {
    Patterns,
    Traits,
    Rules,
    Relations,
    Questions,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_color_choice_is_read_before_parsing() {
        let choice = |args: &[&str]| {
            let args: Vec<OsString> = std::iter::once("archpick")
                .chain(args.iter().copied())
                .map(OsString::from)
                .collect();
            color_choice(&args)
        };
        assert_eq!(choice(&[]), ColorChoice::Auto);
        assert_eq!(choice(&["evaluat", "--color", "never"]), ColorChoice::Never);
        assert_eq!(choice(&["--color=always", "x"]), ColorChoice::Always);
        // The last one counts, as for clap.
        assert_eq!(
            choice(&["--color=always", "--color", "never"]),
            ColorChoice::Never
        );
        // After `--`, it is an argument.
        assert_eq!(
            choice(&["evaluate", "--", "--color=never"]),
            ColorChoice::Auto
        );
        assert_eq!(choice(&["--color", "sometimes"]), ColorChoice::Auto);
        assert_eq!(choice(&["--color"]), ColorChoice::Auto);
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_shows_examples_in_its_help() {
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("Examples:\n  archpick "),
                "`archpick {} --help` shows no example",
                sub.get_name()
            );
        }
    }
}
