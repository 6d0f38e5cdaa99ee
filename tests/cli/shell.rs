//! `archpick completions` and `archpick man`.

use crate::support::Run;
use std::path::Path;

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

/// The completion script for `shell`, written into `dir` as `file`, with
/// `--rules` and its other arguments in `extra`.
fn script(dir: &Path, shell: &str, file: &str, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["completions", shell];
    args.extend_from_slice(extra);
    let out = Run::new(&args).run();
    out.success();
    let path = dir.join(file);
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// What bash's completion of archpick offers for `line` (the last word
/// being completed), as bash's programmable completion calls it.
fn bash_complete(script: &Path, line: &str) -> Vec<String> {
    let words: Vec<String> = if line.ends_with(' ') {
        line.split_whitespace()
            .chain([""])
            .map(String::from)
            .collect()
    } else {
        line.split_whitespace().map(String::from).collect()
    };
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source {}\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n_archpick archpick '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

/// What fish offers for `line`, without the descriptions.
fn fish_complete(script: &Path, line: &str) -> Vec<String> {
    let out = std::process::Command::new("fish")
        .args(["--no-config", "-c"])
        .arg(format!("source {}; complete -C '{line}'", script.display()))
        .output()
        .expect("fish runs (apt-get install fish)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

/// What zsh's completion system offers for `line`: an interactive zsh in a
/// pseudo-terminal (zpty) with compinit and the script on its fpath, where
/// Tab is typed after `line`, and `compadd` prints what it is given.
fn zsh_complete(dir: &Path, line: &str) -> Vec<String> {
    let driver = format!(
        r#"zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1=''; fpath=({dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () {{ builtin compadd -O __hits "$@"; (( $#__hits )) && print -rl -- "" "HITS: ${{(j: :)__hits}}" }}'
zpty -w z '{line}'$'\t'
out=''
for i in {{1..100}}; do
  sleep 0.05
  while zpty -rt z chunk; do out+=$chunk; done
  [[ $out == *HITS:* ]] && (( ++seen > 6 )) && break
done
print -r -- "$out""#,
        dir = dir.display()
    );
    let out = std::process::Command::new("zsh")
        .args(["-f", "-c", &driver])
        .output()
        .expect("zsh runs (apt-get install zsh)");
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let mut hits: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("HITS: "))
        .flat_map(|l| l.split(' ').map(String::from))
        .collect();
    hits.sort();
    hits.dedup();
    hits
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn bash_completes_pattern_ids_and_set_values_from_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path(), "bash", "archpick.bash", &[]);
    assert_eq!(bash_complete(&script, "archpick explain ca"), ["caching"]);
    assert_eq!(bash_complete(&script, "archpick why-not cd"), ["cdn"]);
    assert_eq!(
        bash_complete(&script, "archpick evaluate x.yaml --set data_s"),
        strings(&[
            "data_size=small",
            "data_size=large",
            "data_size=massive",
            "data_size=unknown"
        ])
    );
    // A number trait is completed up to the `=`, for the number to be typed.
    assert_eq!(
        bash_complete(&script, "archpick review x.yaml --set read_w"),
        ["read_write_ratio="]
    );
    // Every pattern id of the pack, and nothing else but the options.
    let ids: Vec<String> = Run::new(&["list", "patterns", "--format", "json"])
        .run()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 33);
    let offered: Vec<String> = bash_complete(&script, "archpick explain ")
        .into_iter()
        .filter(|w| !w.starts_with('-'))
        .collect();
    assert_eq!(offered, ids);
}

#[test]
fn completions_follow_the_rules_option() {
    let pack = crate::fixture::files(&[
        (
            "pack.yaml",
            "name: acme\nversion: 0.1.0\nextends: builtin\n",
        ),
        (
            "traits.yaml",
            "- id: runs_on_kubernetes\n  kind: bool\n  meaning: the team deploys to Kubernetes\n",
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let rules = pack.path().to_string_lossy().into_owned();
    let script = script(dir.path(), "bash", "archpick.bash", &["--rules", &rules]);
    assert_eq!(
        bash_complete(&script, "archpick test --set runs_on"),
        strings(&[
            "runs_on_kubernetes=true",
            "runs_on_kubernetes=false",
            "runs_on_kubernetes=unknown"
        ])
    );
}

#[test]
fn fish_completes_pattern_ids_and_set_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path(), "fish", "archpick.fish", &[]);
    assert_eq!(fish_complete(&script, "archpick explain ca"), ["caching"]);
    assert_eq!(fish_complete(&script, "archpick why-not cd"), ["cdn"]);
    // After the pattern comes a file, not another pattern.
    std::fs::write(dir.path().join("shop.yaml"), "traits: {}\n").unwrap();
    let file = dir.path().join("sho").display().to_string();
    assert_eq!(
        fish_complete(&script, &format!("archpick why-not cdn {file}")),
        [dir.path().join("shop.yaml").display().to_string()]
    );
    assert_eq!(
        fish_complete(&script, "archpick next x.yaml --set data_s"),
        strings(&[
            "data_size=large",
            "data_size=massive",
            "data_size=small",
            "data_size=unknown"
        ])
    );
}

#[test]
fn zsh_completes_pattern_ids_and_set_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path(), "zsh", "_archpick", &[]);
    let check = std::process::Command::new("zsh")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("zsh runs (apt-get install zsh)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(zsh_complete(dir.path(), "archpick explain ca"), ["caching"]);
    assert_eq!(zsh_complete(dir.path(), "archpick why-not cd"), ["cdn"]);
    assert_eq!(
        zsh_complete(dir.path(), "archpick evaluate --set data_s"),
        strings(&[
            "data_size=large",
            "data_size=massive",
            "data_size=small",
            "data_size=unknown"
        ])
    );
}

/// The `.SH` headings of a page, in order.
fn sections(roff: &str) -> Vec<&str> {
    roff.lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|h| h.trim_matches('"'))
        .collect()
}

/// Renders a page with groff as `man` does, failing on any warning.
fn render(page: &Path) -> String {
    let out = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-rLL=100n"])
        .arg(page)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("groff runs (apt-get install groff-base)");
    assert!(out.status.success(), "groff failed on {}", page.display());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "groff warns on {}",
        page.display()
    );
    // Bold and underline as overstrikes (`x\bx`), removed.
    let text = String::from_utf8_lossy(&out.stdout);
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn man_pages() {
    let out = Run::new(&["man"]).run();
    out.success();
    assert!(out.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH archpick 1  \"archpick 0.1.0\" \"archpick manual\"\n"), "{}", out.stdout);
    assert_eq!(
        sections(&out.stdout),
        [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "EXAMPLES",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "SEE ALSO",
            "VERSION"
        ]
    );
    assert!(out.stdout.contains(
        ".SH SYNOPSIS\n\\fBarchpick\\fR [\\fB\\-\\-rules\\fR \\fIDIR\\fR] [\\fB\\-\\-config\\fR \\fIFILE\\fR] [\\fB\\-\\-no\\-config\\fR] [\\fB\\-\\-color\\fR \\fIWHEN\\fR] [\\fB\\-h\\fR|\\fB\\-\\-help\\fR] [\\fB\\-V\\fR|\\fB\\-\\-version\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
    ));
    assert!(
        out.stdout
            .contains(".TP\n\\fBarchpick\\-why\\-not\\fR(1)\n")
    );
    assert!(
        !out.stdout.contains("archpick\\-help"),
        "clap's help command has no page"
    );
    // Preamble once, not once per section.
    assert_eq!(out.stdout.matches(".ds Aq").count(), 2);

    let out = Run::new(&["man", "test"]).run();
    out.success();
    assert!(out.stdout.contains(".TH archpick-test 1"), "{}", out.stdout);
    assert_eq!(
        sections(&out.stdout),
        [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "EXAMPLES",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "SEE ALSO",
            "VERSION"
        ]
    );
    assert!(out.stdout.contains(
        ".SH EXAMPLES\n.PP\n.nf\narchpick test\narchpick test scenarios/b2b_saas.yaml scenarios/social_feed.yaml\narchpick test \\-\\-coverage\n"
    ), "{}", out.stdout);
    assert!(out.stdout.contains(".SH \"SEE ALSO\"\n.BR archpick (1)\n"));
    let out = Run::new(&["man", "evaluat"]).run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: no command 'evaluat' (did you mean 'evaluate'?)\n"
        )
    );
    Run::new(&["man", "help"]).run().error("no command 'help'");
}

#[test]
fn the_synopsis_shows_option_values() {
    let out = Run::new(&["man", "why-not"]).run();
    let synopsis = out
        .stdout
        .lines()
        .skip_while(|l| *l != ".SH SYNOPSIS")
        .nth(1)
        .unwrap();
    assert_eq!(
        synopsis,
        "\\fBarchpick why\\-not\\fR [\\fB\\-\\-top\\fR \\fIN\\fR] [\\fB\\-\\-set\\fR \\fITRAIT=VALUE\\fR]... \
[\\fB\\-\\-format\\fR \\fIFORMAT\\fR] [\\fB\\-\\-rules\\fR \\fIDIR\\fR] [\\fB\\-\\-config\\fR \\fIFILE\\fR] \
[\\fB\\-\\-no\\-config\\fR] [\\fB\\-\\-color\\fR \\fIWHEN\\fR] \
[\\fB\\-h\\fR|\\fB\\-\\-help\\fR] \\fIPATTERN\\fR \\fIFILE\\fR"
    );
}

#[test]
fn man_out_writes_every_page_and_they_render() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("share/man/man1");
    let out = Run::new(&["man", "--out"]).arg(&out_dir).run();
    out.success();
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let commands = [
        "adr",
        "ask",
        "check",
        "completions",
        "diff",
        "evaluate",
        "explain",
        "graph",
        "list",
        "man",
        "next",
        "review",
        "scan",
        "schema",
        "test",
        "why-not",
    ];
    let mut expected: Vec<String> = commands.iter().map(|c| format!("archpick-{c}.1")).collect();
    expected.push("archpick.1".into());
    expected.sort();
    assert_eq!(names, expected);
    // One line per page, archpick's first, in the order of --help.
    let first_lines: Vec<&str> = out.stdout.lines().take(3).collect();
    assert_eq!(
        first_lines,
        [
            format!("wrote {}", out_dir.join("archpick.1").display()),
            format!("wrote {}", out_dir.join("archpick-ask.1").display()),
            format!("wrote {}", out_dir.join("archpick-evaluate.1").display()),
        ]
    );
    assert_eq!(out.stdout.lines().count(), expected.len());
    // Each file is what `archpick man COMMAND` prints, and renders without a warning.
    let main = std::fs::read_to_string(out_dir.join("archpick.1")).unwrap();
    assert_eq!(main, Run::new(&["man"]).run().stdout);
    let text = render(&out_dir.join("archpick.1"));
    for heading in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
        "COMMANDS",
        "SEE ALSO",
    ] {
        assert!(
            text.contains(&format!("\n{heading}\n")),
            "{heading}: {text}"
        );
    }
    assert!(text.contains("       CLICOLOR_FORCE\n"), "{text}");
    assert!(!text.contains("EXTRA"));
    for command in commands {
        let path = out_dir.join(format!("archpick-{command}.1"));
        let page = std::fs::read_to_string(&path).unwrap();
        assert_eq!(page, Run::new(&["man", command]).run().stdout, "{command}");
        let text = render(&path);
        assert!(text.contains("\nEXIT STATUS\n"), "{command}: {text}");
        // Every page archpick's page refers to is there.
        assert!(main.contains(&format!(
            "\\fBarchpick\\-{}\\fR(1)",
            command.replace('-', "\\-")
        )));
    }
    // `man` itself finds them by name under a MANPATH.
    let man = std::process::Command::new("man")
        .args(["-P", "cat", "archpick-why-not"])
        .env("MANPATH", dir.path().join("share/man"))
        .env("MANWIDTH", "100")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("man runs");
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(
        text.contains("archpick why-not [--top N] [--set TRAIT=VALUE]..."),
        "{text}"
    );
    // Written again, the pages are replaced.
    std::fs::write(out_dir.join("archpick.1"), "old").unwrap();
    Run::new(&["man", "--out"]).arg(&out_dir).run().success();
    assert_eq!(
        std::fs::read_to_string(out_dir.join("archpick.1")).unwrap(),
        main
    );
}

#[test]
fn man_out_refuses_a_file_and_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pages");
    std::fs::write(&file, "x").unwrap();
    Run::new(&["man", "--out"])
        .arg(&file)
        .run()
        .error(&format!("{} is not a directory", file.display()));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    let out = Run::new(&["man", "test", "--out"]).arg(dir.path()).run();
    out.code(2)
        .stdout_empty()
        .stderr_has("error: the argument '[COMMAND]' cannot be used with '--out <DIR>'");
}
