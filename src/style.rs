//! Terminal styles, named by meaning. Colour is decided once, at start-up
//! ([`init`]); renderers call these functions and never pick a hue themselves.

use colored::{ColoredString, Colorize};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

/// The user's `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour a stream when it is a terminal, unless the environment says
    /// otherwise (NO_COLOR, CLICOLOR_FORCE, CLICOLOR=0, TERM=dumb).
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether stdout and stderr are coloured, each decided by [`init`].
static STDOUT_COLOR: AtomicBool = AtomicBool::new(false);
static STDERR_COLOR: AtomicBool = AtomicBool::new(false);

/// Decides once, for stdout and for stderr apart, whether output is coloured
/// (see [`decide`]): `archpick evaluate missing.yaml 2>err` on a terminal
/// keeps escape codes out of `err` while stdout stays coloured.
pub fn init(choice: ColorChoice) {
    let env = |name: &str| std::env::var_os(name);
    let stdout = decide(choice, env, std::io::stdout().is_terminal());
    STDOUT_COLOR.store(stdout, Ordering::Relaxed);
    STDERR_COLOR.store(
        decide(choice, env, std::io::stderr().is_terminal()),
        Ordering::Relaxed,
    );
    colored::control::set_override(stdout);
}

/// Whether a stream is coloured: `--color always` or `never` decide alone;
/// with `auto`, a non-empty NO_COLOR turns colour off, then CLICOLOR_FORCE
/// (other than `0`) turns it on, then CLICOLOR=0 or TERM=dumb turn it off,
/// and otherwise the stream is coloured when it is a terminal. The order is
/// that of clap's own usage errors (anstream), so the two never disagree.
pub fn decide(choice: ColorChoice, env: impl Fn(&str) -> Option<OsString>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else if env("CLICOLOR").is_some_and(|v| v == "0")
                || env("TERM").is_some_and(|v| v == "dumb")
            {
                false
            } else {
                terminal
            }
        }
    }
}

/// Runs `render` with the styles of stderr, for text written there (errors,
/// `review --strict`'s reasons): the styles read one global switch, which is
/// stdout's decision the rest of the time.
pub fn on_stderr<T>(render: impl FnOnce() -> T) -> T {
    colored::control::set_override(STDERR_COLOR.load(Ordering::Relaxed));
    let result = render();
    colored::control::set_override(STDOUT_COLOR.load(Ordering::Relaxed));
    result
}

/// Runs `render` without colour, for text that a machine reads (JUnit's
/// failure text) but that is made by the renderers of the terminal's.
pub fn plain<T>(render: impl FnOnce() -> T) -> T {
    colored::control::set_override(false);
    let result = render();
    colored::control::set_override(STDOUT_COLOR.load(Ordering::Relaxed));
    result
}

/// The width text output wraps at: `COLUMNS` when set, else the terminal's
/// when stdout is one, else 78; within 40 to 160 columns, so a tiny or huge
/// window stays readable.
pub fn text_width() -> usize {
    const DEFAULT: usize = 78;
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(crossterm::terminal::size)
                .and_then(Result::ok)
                .map(|(columns, _)| usize::from(columns))
                .filter(|c| *c > 0)
        });
    columns.map_or(DEFAULT, |c| c.clamp(40, 160))
}

/// The look of prompts (`archpick ask`), matching the decision of [`init`].
pub fn prompt_config() -> inquire::ui::RenderConfig<'static> {
    if colored::control::SHOULD_COLORIZE.should_colorize() {
        inquire::ui::RenderConfig::default_colored()
    } else {
        inquire::ui::RenderConfig::empty()
    }
}

pub fn title(s: &str) -> ColoredString {
    s.bold()
}
pub fn heading(s: &str) -> ColoredString {
    s.bold().underline()
}
pub fn essential(s: &str) -> ColoredString {
    s.green().bold()
}
pub fn recommended(s: &str) -> ColoredString {
    s.cyan().bold()
}
pub fn consider(s: &str) -> ColoredString {
    s.blue()
}
pub fn pattern(s: &str) -> ColoredString {
    s.bold()
}
pub fn positive(s: &str) -> ColoredString {
    s.green()
}
pub fn negative(s: &str) -> ColoredString {
    s.red()
}
pub fn warning(s: &str) -> ColoredString {
    s.yellow().bold()
}
pub fn muted(s: &str) -> ColoredString {
    s.dimmed()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`decide`] for a stream, with `vars` as the whole environment.
    fn colour(choice: ColorChoice, vars: &[(&str, &str)], terminal: bool) -> bool {
        let env = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        };
        decide(choice, env, terminal)
    }

    #[test]
    fn auto_colours_a_terminal_only() {
        assert!(colour(ColorChoice::Auto, &[], true));
        assert!(!colour(ColorChoice::Auto, &[], false));
        assert!(colour(ColorChoice::Auto, &[("TERM", "xterm")], true));
    }

    #[test]
    fn the_environment_decides_before_the_terminal() {
        use ColorChoice::Auto;
        assert!(!colour(Auto, &[("NO_COLOR", "1")], true));
        // An empty NO_COLOR is unset, as no-color.org says.
        assert!(colour(Auto, &[("NO_COLOR", "")], true));
        assert!(colour(Auto, &[("CLICOLOR_FORCE", "1")], false));
        assert!(!colour(Auto, &[("CLICOLOR_FORCE", "0")], false));
        assert!(!colour(
            Auto,
            &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
            true
        ));
        assert!(!colour(Auto, &[("CLICOLOR", "0")], true));
        assert!(colour(Auto, &[("CLICOLOR", "1")], true));
        assert!(!colour(Auto, &[("TERM", "dumb")], true));
        assert!(colour(
            Auto,
            &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")],
            true
        ));
    }

    #[test]
    fn always_and_never_ignore_the_environment() {
        let all = [("NO_COLOR", "1"), ("TERM", "dumb"), ("CLICOLOR", "0")];
        assert!(colour(ColorChoice::Always, &all, false));
        assert!(!colour(
            ColorChoice::Never,
            &[("CLICOLOR_FORCE", "1")],
            true
        ));
    }
}
