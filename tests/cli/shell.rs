//! `archpick completions` and `archpick man`.

use crate::support::Run;

#[test]
fn bash_completions_load_in_bash() {
    let out = Run::new(&["completions", "bash"]).run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert!(
        out.stdout.contains("complete -F _archpick"),
        "{}",
        out.stdout
    );
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("archpick.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Sourcing it registers the completion function.
    let source = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p archpick",
            script.display()
        ))
        .output()
        .expect("bash runs");
    assert_eq!(
        String::from_utf8_lossy(&source.stdout).trim(),
        "complete -o bashdefault -o default -o nosort -F _archpick archpick"
    );
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("zsh", "#compdef archpick"),
        ("fish", "complete -c archpick"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = Run::new(&["completions", shell]).run();
        assert_eq!(out.code, 0, "{shell}");
        assert!(out.stdout.contains(marker), "{shell}: {}", out.stdout);
        // Every subcommand is completed.
        for sub in ["evaluate", "check", "test", "why-not", "schema"] {
            assert!(out.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    let out = Run::new(&["completions", "tcsh"]).run();
    assert_eq!(out.code, 2);
}

#[test]
fn man_pages() {
    let out = Run::new(&["man"]).run();
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains(".TH archpick 1"),
        "{}",
        &out.stdout[..200.min(out.stdout.len())]
    );
    assert!(out.stdout.contains("why\\-not"));
    let out = Run::new(&["man", "test"]).run();
    assert!(out.stdout.contains(".TH archpick-test 1"), "{}", out.stdout);
    assert!(
        out.stdout.contains("archpick test \\-\\-coverage"),
        "{}",
        out.stdout
    );
    let out = Run::new(&["man", "evaluat"]).run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: no command 'evaluat' (did you mean 'evaluate'?)\n"
        )
    );
}
