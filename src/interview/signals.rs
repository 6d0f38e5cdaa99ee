//! SIGTERM and SIGHUP during `archpick ask` (a session killed, a terminal
//! closed) keep the answers in a draft, as Ctrl-C does. The prompt is
//! blocked reading a key when the signal comes, so a thread waits for it and
//! writes the latest draft the session handed over.

use super::draft::Snapshot;
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::{Handle, Signals};
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

/// The exit code of an interview stopped by the user or by a signal.
const STOPPED: i32 = 130;

/// Watches for SIGTERM and SIGHUP while it lives.
pub(super) struct Watch {
    latest: Arc<Mutex<Option<Snapshot>>>,
    handle: Option<Handle>,
}

impl Watch {
    /// Starts watching. If the signals cannot be watched, they keep their
    /// default action (the process ends without a draft), as before.
    pub(super) fn start() -> Watch {
        let latest: Arc<Mutex<Option<Snapshot>>> = Arc::new(Mutex::new(None));
        let handle = Signals::new([SIGTERM, SIGHUP])
            .ok()
            .and_then(|mut signals| {
                let handle = signals.handle();
                let latest = Arc::clone(&latest);
                let spawned = std::thread::Builder::new()
                    .name("archpick-signals".into())
                    .spawn(move || {
                        if let Some(signal) = signals.forever().next() {
                            stop(signal, &latest);
                        }
                    });
                spawned.ok().map(|_| handle)
            });
        Watch { latest, handle }
    }

    /// What to write if a signal comes now.
    pub(super) fn update(&self, snapshot: Snapshot) {
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(snapshot);
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(handle) = &self.handle {
            handle.close();
        }
    }
}

/// Puts the terminal back, writes the draft and ends the process.
fn stop(signal: i32, latest: &Mutex<Option<Snapshot>>) {
    let snapshot = latest
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    // inquire left the terminal in raw mode with the cursor hidden.
    let _ = crossterm::terminal::disable_raw_mode();
    let name = if signal == SIGHUP {
        "SIGHUP"
    } else {
        "SIGTERM"
    };
    let message = match snapshot.map(|s| s.write()) {
        Some(Ok(path)) => format!(
            "\nStopped by {name}. Your answers so far are in {shown}.\nContinue with: archpick ask --resume {shown}\n",
            shown = path.display()
        ),
        Some(Err(e)) => format!("\nStopped by {name}; the draft could not be written: {e}\n"),
        None => format!("\nStopped by {name} before any answer.\n"),
    };
    let mut stderr = std::io::stderr().lock();
    if std::io::IsTerminal::is_terminal(&stderr) {
        let _ = stderr.write_all(b"\x1b[?25h");
    }
    let _ = stderr.write_all(message.as_bytes());
    std::process::exit(STOPPED);
}
