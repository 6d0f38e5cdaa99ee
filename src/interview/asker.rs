//! The seam between the questionnaire and the terminal: [`Asker`] puts one
//! prompt at a time. [`InquireAsker`] asks a person; tests use a scripted asker
//! (`asker::script`), since inquire cannot be fed keys from inside the process.

use std::io::Write;
use std::rc::Rc;

/// What a prompt says: the question and a line of help under it.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub message: &'a str,
    pub help: &'a str,
}

/// Why asking stopped before an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The user pressed Ctrl-C: stop, keeping a draft.
    Interrupted,
    /// The user pressed Esc: back to the previous question.
    Back,
    /// The terminal could not be used.
    Failed(String),
}

/// Checks typed text; the error is shown under the prompt and the user retypes.
pub type TextCheck = Rc<dyn Fn(&str) -> Result<(), String>>;
/// Checks a set of ticked options (indices), like [`TextCheck`].
pub type TicksCheck = Rc<dyn Fn(&[usize]) -> Result<(), String>>;

/// Puts prompts to the user. Every prompt has an answer for Enter alone.
pub trait Asker {
    /// Shows a line of text between prompts (section headings, notes).
    fn say(&mut self, text: &str);
    /// One of `options`; Enter alone picks `start`.
    fn select(&mut self, ask: Ask, options: &[String], start: usize) -> Result<usize, Stop>;
    /// Any of `options`, `ticked` at the start; Enter alone keeps those.
    fn multi_select(
        &mut self,
        ask: Ask,
        options: &[String],
        ticked: &[usize],
        check: TicksCheck,
    ) -> Result<Vec<usize>, Stop>;
    /// A line of text; Enter alone gives `default`, or "" without one.
    fn text(&mut self, ask: Ask, default: Option<&str>, check: TextCheck) -> Result<String, Stop>;
    /// Yes or no; Enter alone gives `default`.
    fn confirm(&mut self, ask: Ask, default: bool) -> Result<bool, Stop>;
}

/// Asks a person in the terminal with inquire. Prompts go to stderr, like
/// the notes of [`Asker::say`], so that stdout carries only the report.
pub struct InquireAsker {
    config: inquire::ui::RenderConfig<'static>,
}

impl InquireAsker {
    /// An asker styled as decided at start-up ([`crate::style::prompt_config`]).
    pub fn new(config: inquire::ui::RenderConfig<'static>) -> Self {
        InquireAsker { config }
    }
}

fn stop(e: inquire::InquireError) -> Stop {
    use inquire::InquireError;
    match e {
        InquireError::OperationCanceled => Stop::Back,
        InquireError::OperationInterrupted => Stop::Interrupted,
        other => Stop::Failed(other.to_string()),
    }
}

fn validation(result: Result<(), String>) -> inquire::validator::Validation {
    use inquire::validator::Validation;
    match result {
        Ok(()) => Validation::Valid,
        Err(message) => Validation::Invalid(message.into()),
    }
}

/// `Files: user uploads, media` -> `Files`; `Spikes (launches)` -> `Spikes`.
fn short_label(label: &str) -> String {
    let label = label.split(" (").next().unwrap_or(label);
    label.split(": ").next().unwrap_or(label).to_string()
}

impl Asker for InquireAsker {
    fn say(&mut self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    fn select(&mut self, ask: Ask, options: &[String], start: usize) -> Result<usize, Stop> {
        inquire::Select::new(ask.message, options.to_vec())
            .with_help_message(ask.help)
            .with_starting_cursor(start)
            .with_page_size(options.len().max(1))
            .without_filtering()
            .with_render_config(self.config)
            .raw_prompt()
            .map(|o| o.index)
            .map_err(stop)
    }

    fn multi_select(
        &mut self,
        ask: Ask,
        options: &[String],
        ticked: &[usize],
        check: TicksCheck,
    ) -> Result<Vec<usize>, Stop> {
        let validator = move |chosen: &[inquire::list_option::ListOption<&String>]| {
            let indices: Vec<usize> = chosen.iter().map(|o| o.index).collect();
            Ok(validation(check(&indices)))
        };
        // The answer line names the ticked options without their examples, and
        // says "Don't know" for nothing ticked rather than showing nothing.
        let formatter = |chosen: &[inquire::list_option::ListOption<&String>]| {
            if chosen.is_empty() {
                return crate::interview::DONT_KNOW.to_string();
            }
            chosen
                .iter()
                .map(|o| short_label(o.value))
                .collect::<Vec<_>>()
                .join(", ")
        };
        inquire::MultiSelect::new(ask.message, options.to_vec())
            .with_help_message(ask.help)
            .with_formatter(&formatter)
            .with_default(ticked)
            .with_page_size(options.len().max(1))
            .without_filtering()
            .with_validator(validator)
            .with_render_config(self.config)
            .raw_prompt()
            .map(|chosen| chosen.into_iter().map(|o| o.index).collect())
            .map_err(stop)
    }

    fn text(&mut self, ask: Ask, default: Option<&str>, check: TextCheck) -> Result<String, Stop> {
        // Not inquire's Text: see `line.rs` (a long paste, keys behind it).
        super::line::read(ask, default, &check)
    }

    fn confirm(&mut self, ask: Ask, default: bool) -> Result<bool, Stop> {
        let mut prompt = inquire::Confirm::new(ask.message)
            .with_default(default)
            .with_render_config(self.config);
        if !ask.help.is_empty() {
            prompt = prompt.with_help_message(ask.help);
        }
        prompt.prompt().map_err(stop)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_name_options_briefly() {
        assert_eq!(super::short_label("Files: user uploads, media"), "Files");
        assert_eq!(super::short_label("Spikes (launches: big)"), "Spikes");
        assert_eq!(
            super::short_label("Users feel latency; tight targets"),
            "Users feel latency; tight targets"
        );
    }
}

/// A scripted asker for unit tests: it answers from a list of replies and
/// records every prompt. When the script runs out it presses Enter.
#[cfg(test)]
pub(crate) mod script {
    use super::*;
    use std::collections::VecDeque;

    /// One scripted answer.
    #[derive(Debug, Clone)]
    pub enum Reply {
        /// Enter alone: the start, the ticked options or the default.
        Enter,
        /// The option whose label starts with this text.
        Pick(&'static str),
        /// Exactly the options whose labels start with these texts.
        Tick(Vec<&'static str>),
        /// Typed text (must pass the prompt's check).
        Type(String),
        Yes,
        No,
        /// Ctrl-C.
        Stop,
        /// Esc.
        Back,
    }

    #[derive(Debug, Default)]
    pub struct ScriptedAsker {
        replies: VecDeque<Reply>,
        /// The message of every prompt put, in order.
        pub prompts: Vec<String>,
        /// Every line passed to `say`.
        pub said: Vec<String>,
    }

    impl ScriptedAsker {
        pub fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
            ScriptedAsker {
                replies: replies.into_iter().collect(),
                ..Default::default()
            }
        }

        fn next(&mut self, ask: Ask) -> Reply {
            self.prompts.push(ask.message.to_string());
            self.replies.pop_front().unwrap_or(Reply::Enter)
        }
    }

    fn find(options: &[String], prefix: &str) -> usize {
        options
            .iter()
            .position(|o| o.starts_with(prefix))
            .unwrap_or_else(|| panic!("no option starts with {prefix:?} in {options:?}"))
    }

    impl Asker for ScriptedAsker {
        fn say(&mut self, text: &str) {
            self.said.push(text.to_string());
        }

        fn select(&mut self, ask: Ask, options: &[String], start: usize) -> Result<usize, Stop> {
            match self.next(ask) {
                Reply::Enter => Ok(start),
                Reply::Pick(prefix) => Ok(find(options, prefix)),
                Reply::Stop => Err(Stop::Interrupted),
                Reply::Back => Err(Stop::Back),
                other => panic!("{other:?} does not answer a select: {}", ask.message),
            }
        }

        fn multi_select(
            &mut self,
            ask: Ask,
            options: &[String],
            ticked: &[usize],
            check: TicksCheck,
        ) -> Result<Vec<usize>, Stop> {
            let chosen = match self.next(ask) {
                Reply::Enter => ticked.to_vec(),
                Reply::Pick(prefix) => vec![find(options, prefix)],
                Reply::Tick(prefixes) => {
                    let mut chosen: Vec<usize> =
                        prefixes.iter().map(|p| find(options, p)).collect();
                    chosen.sort_unstable();
                    chosen
                }
                Reply::Stop => return Err(Stop::Interrupted),
                Reply::Back => return Err(Stop::Back),
                other => panic!("{other:?} does not answer a multi-select: {}", ask.message),
            };
            check(&chosen).unwrap_or_else(|m| panic!("the prompt refuses {chosen:?}: {m}"));
            Ok(chosen)
        }

        fn text(
            &mut self,
            ask: Ask,
            default: Option<&str>,
            check: TextCheck,
        ) -> Result<String, Stop> {
            let typed = match self.next(ask) {
                Reply::Enter => default.unwrap_or("").to_string(),
                Reply::Type(text) => text,
                Reply::Stop => return Err(Stop::Interrupted),
                Reply::Back => return Err(Stop::Back),
                other => panic!("{other:?} does not answer a text prompt: {}", ask.message),
            };
            check(&typed).unwrap_or_else(|m| panic!("the prompt refuses {typed:?}: {m}"));
            Ok(typed)
        }

        fn confirm(&mut self, ask: Ask, default: bool) -> Result<bool, Stop> {
            match self.next(ask) {
                Reply::Enter => Ok(default),
                Reply::Yes => Ok(true),
                Reply::No => Ok(false),
                Reply::Stop => Err(Stop::Interrupted),
                Reply::Back => Err(Stop::Back),
                other => panic!("{other:?} does not answer a confirm: {}", ask.message),
            }
        }
    }
}
