//! The progress line of a draft of `archpick ask`: what a draft remembers
//! besides its scenario (the questions answered, where to save), as one line
//! of JSON inside a YAML comment.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// `progress` as one line of JSON.
pub fn progress_line(progress: &impl Serialize) -> String {
    serde_json::to_string(progress).unwrap_or_default()
}

/// A progress line read back, or why it cannot be.
pub fn read_progress<T: DeserializeOwned>(line: &str) -> Result<T, String> {
    serde_json::from_str(line).map_err(|e| e.to_string())
}
