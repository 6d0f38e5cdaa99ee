//! Terminal styles, named by meaning. Colour is decided once, at start-up
//! ([`init`]); renderers call these functions and never pick a hue themselves.

use colored::{ColoredString, Colorize};
use std::io::IsTerminal;

/// The user's `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// Decides once whether output is coloured: `--color`, then NO_COLOR and
/// CLICOLOR_FORCE, then whether stdout is a terminal.
pub fn init(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
            if set("NO_COLOR") {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    };
    colored::control::set_override(on);
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
