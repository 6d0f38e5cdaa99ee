//! The text prompt of `archpick ask` (names, numbers, file names): a line
//! editor drawn like inquire's prompts, written here because inquire's
//! redraws the whole line for every key. A paste arrives as one key per
//! character, so a 100 KB paste cost minutes of CPU with Ctrl-C queued behind
//! it. Here every key costs the same, the screen is drawn once per batch of
//! keys, and input stops at [`MAX_INPUT`] characters.

use super::asker::{Ask, Stop, TextCheck};
use crate::style;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::io::Write;
use std::time::Duration;

/// The most characters a text answer takes: far more than a name, a
/// sentence or a number needs, and little enough to draw at once.
pub const MAX_INPUT: usize = 1000;

/// How long to wait for more keys before drawing: too short for a person
/// to notice, long enough that a paste is drawn a few times, not per key.
const COALESCE: Duration = Duration::from_millis(15);

/// The state of one text prompt: what is typed and where the cursor is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    chars: Vec<char>,
    /// Index into `chars`: the cursor is before that character.
    cursor: usize,
    /// Characters typed past [`MAX_INPUT`] and dropped.
    dropped: usize,
}

/// What a key does to a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Keep editing.
    Edit,
    /// Enter: the typed text (empty for the default).
    Submit(String),
    /// Esc or Ctrl-C.
    Stop(Stop),
}

impl Line {
    /// What is typed.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Applies one key.
    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        if key.kind == KeyEventKind::Release {
            return Outcome::Edit;
        }
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if control => return Outcome::Stop(Stop::Interrupted),
            KeyCode::Char('u') if control => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            KeyCode::Char('a') if control => self.cursor = 0,
            KeyCode::Char('e') if control => self.cursor = self.chars.len(),
            // A line break in a paste (Ctrl-J in raw mode) separates words.
            KeyCode::Char('j') if control => self.insert(' '),
            KeyCode::Char(_) if control => {}
            KeyCode::Char(c) => self.insert(c),
            KeyCode::Tab => self.insert(' '),
            KeyCode::Enter => return Outcome::Submit(self.text()),
            KeyCode::Esc => return Outcome::Stop(Stop::Back),
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => {}
        }
        Outcome::Edit
    }

    fn insert(&mut self, c: char) {
        // A pasted line break or control character would end the answer or
        // corrupt the screen: it becomes a space, as the saved file wants.
        let c = if c.is_control() { ' ' } else { c };
        if self.chars.len() >= MAX_INPUT {
            self.dropped += 1;
            return;
        }
        self.chars.insert(self.cursor, c);
        self.cursor += 1;
    }
}

/// Puts a text prompt on stderr and reads the answer from the terminal.
/// Enter alone gives `default` (or ""), after `check` accepts it.
pub fn read(ask: Ask, default: Option<&str>, check: &TextCheck) -> Result<String, Stop> {
    let failed = |e: std::io::Error| Stop::Failed(e.to_string());
    crossterm::terminal::enable_raw_mode().map_err(failed)?;
    let result = edit(ask, default, check);
    let restored = crossterm::terminal::disable_raw_mode().map_err(failed);
    let answer = result?;
    restored?;
    Ok(answer)
}

fn edit(ask: Ask, default: Option<&str>, check: &TextCheck) -> Result<String, Stop> {
    let failed = |e: std::io::Error| Stop::Failed(e.to_string());
    let mut screen = Screen::default();
    let mut line = Line::default();
    let mut error: Option<String> = None;
    loop {
        screen
            .draw(ask, default, &line, error.as_deref())
            .map_err(failed)?;
        // Every key already waiting, or arriving within a few milliseconds
        // (a paste comes in bursts), is applied before the next drawing.
        let mut first = true;
        while first || event::poll(COALESCE).map_err(failed)? {
            first = false;
            let Event::Key(key) = event::read().map_err(failed)? else {
                continue;
            };
            match line.key(key) {
                Outcome::Edit => {}
                Outcome::Stop(stop) => {
                    screen.finish(ask, None).map_err(failed)?;
                    return Err(stop);
                }
                Outcome::Submit(typed) => {
                    let answer = if typed.is_empty() {
                        default.unwrap_or("").to_string()
                    } else {
                        typed
                    };
                    match check(&answer) {
                        Ok(()) => {
                            screen.finish(ask, Some(&answer)).map_err(failed)?;
                            if line.dropped > 0 {
                                let note =
                                    format!("(the answer is cut at {MAX_INPUT} characters)\r\n");
                                let mut stderr = std::io::stderr().lock();
                                let _ =
                                    stderr.write_all(style::muted(&note).to_string().as_bytes());
                            }
                            return Ok(answer);
                        }
                        Err(message) => {
                            error = Some(message);
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// What was drawn last, so that the next drawing replaces it.
#[derive(Debug, Default)]
struct Screen {
    /// Rows between the first row of the prompt and the cursor.
    cursor_row: usize,
}

impl Screen {
    fn draw(
        &mut self,
        ask: Ask,
        default: Option<&str>,
        line: &Line,
        error: Option<&str>,
    ) -> std::io::Result<()> {
        let cols = crossterm::terminal::size().map_or(80, |(c, _)| usize::from(c).max(20));
        let mut out = String::new();
        self.rewind(&mut out);
        let prefix = format!("? {} ", ask.message);
        out.push_str(&format!("{} {} ", style::positive("?"), ask.message));
        let typed = line.text();
        if typed.is_empty()
            && let Some(d) = default
        {
            out.push_str(&style::muted(&format!("({d})")).to_string());
        } else {
            out.push_str(&typed);
        }
        let width = prefix.chars().count() + line.chars.len();
        let rows = width / cols + 1;
        let at = prefix.chars().count() + line.cursor;
        let (row, col) = (at / cols, at % cols);
        let mut below = 0;
        let clip = |s: &str| s.chars().take(cols - 1).collect::<String>();
        if let Some(e) = error {
            out.push_str(&format!(
                "\r\n{}",
                style::negative(&clip(&format!("# {e}")))
            ));
            below += 1;
        } else if line.dropped > 0 {
            let note = format!("# the answer is cut at {MAX_INPUT} characters");
            out.push_str(&format!("\r\n{}", style::negative(&clip(&note))));
            below += 1;
        }
        if !ask.help.is_empty() {
            out.push_str(&format!(
                "\r\n{}",
                style::muted(&clip(&format!("[{}]", ask.help)))
            ));
            below += 1;
        }
        // Back from the last row drawn to the cursor.
        let up = below + (rows - 1 - row.min(rows - 1));
        if up > 0 {
            out.push_str(&format!("\x1b[{up}A"));
        }
        out.push_str(&format!("\r\x1b[{}C", col).replace("\x1b[0C", ""));
        self.cursor_row = row;
        let mut stderr = std::io::stderr().lock();
        stderr.write_all(out.as_bytes())?;
        stderr.flush()
    }

    /// Moves to the prompt's first row and clears what was drawn.
    fn rewind(&self, out: &mut String) {
        if self.cursor_row > 0 {
            out.push_str(&format!("\x1b[{}A", self.cursor_row));
        }
        out.push_str("\r\x1b[J");
    }

    /// Replaces the prompt with its answer line, as inquire does.
    fn finish(&mut self, ask: Ask, answer: Option<&str>) -> std::io::Result<()> {
        let mut out = String::new();
        self.rewind(&mut out);
        out.push_str(&format!("{} {}", style::positive("?"), ask.message));
        if let Some(a) = answer {
            out.push(' ');
            out.push_str(&style::recommended(a).to_string());
        }
        out.push_str("\r\n");
        self.cursor_row = 0;
        let mut stderr = std::io::stderr().lock();
        stderr.write_all(out.as_bytes())?;
        stderr.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(line: &mut Line, text: &str) {
        for c in text.chars() {
            assert_eq!(line.key(key(KeyCode::Char(c))), Outcome::Edit);
        }
    }

    #[test]
    fn keys_edit_the_line() {
        let mut line = Line::default();
        typed(&mut line, "Photo app");
        line.key(key(KeyCode::Left));
        line.key(key(KeyCode::Left));
        line.key(key(KeyCode::Backspace));
        typed(&mut line, "A");
        line.key(key(KeyCode::Home));
        line.key(key(KeyCode::Delete));
        assert_eq!(line.text(), "hoto App");
        line.key(key(KeyCode::End));
        typed(&mut line, "s");
        assert_eq!(
            line.key(key(KeyCode::Enter)),
            Outcome::Submit("hoto Apps".into())
        );
        assert_eq!(line.key(key(KeyCode::Esc)), Outcome::Stop(Stop::Back));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(line.key(ctrl_c), Outcome::Stop(Stop::Interrupted));
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        line.key(ctrl_u);
        assert_eq!(line.text(), "");
        typed(&mut line, "two");
        line.key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL));
        typed(&mut line, "lines");
        assert_eq!(line.text(), "two lines");
    }

    #[test]
    fn a_long_paste_stops_at_the_cap_and_line_breaks_become_spaces() {
        let mut line = Line::default();
        typed(&mut line, &"ab\n".repeat(1000));
        assert_eq!(line.chars.len(), MAX_INPUT);
        assert_eq!(line.dropped, 3000 - MAX_INPUT);
        assert!(line.text().starts_with("ab ab "));
        // Keys still work at the cap.
        line.key(key(KeyCode::Backspace));
        assert_eq!(line.chars.len(), MAX_INPUT - 1);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(line.key(ctrl_c), Outcome::Stop(Stop::Interrupted));
    }
}
