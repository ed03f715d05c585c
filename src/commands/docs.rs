//! `lattice completions SHELL` and `lattice man`: generated from the same clap definitions that
//! parse the command line (`cli::command()`), so they never drift from it.

use std::io::Write;

/// The completion script for `shell`, as bytes.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = crate::cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "lattice", &mut out);
    out
}

/// The man page (roff) of `lattice`, or of one of its commands (`["export", "csv"]`), as bytes.
///
/// clap_mangen draws every section from the clap definitions; the text after the options
/// (`after_help`) is split into NOTES and an EXIT STATUS section, where a man page keeps them.
pub fn man_page(path: &[String]) -> Result<Vec<u8>, String> {
    let mut root = crate::cli::command().disable_help_subcommand(true);
    root.build();
    let mut cmd = root;
    for name in path {
        let Some(sub) = cmd.find_subcommand(name).cloned() else {
            let known: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
            return Err(format!(
                "man {}: no such command; the commands here are: {}",
                path.join(" "),
                known.join(", ")
            ));
        };
        cmd = sub;
    }
    let notes = cmd
        .get_after_help()
        .map(|h| h.to_string().replace(crate::cli::EXIT_CODES, ""))
        .unwrap_or_default();
    let man = clap_mangen::Man::new(cmd.after_help(clap::builder::Resettable::Reset))
        .source(format!("lattice {}", env!("CARGO_PKG_VERSION")))
        .manual("Lattice manual");
    let mut page = Vec::new();
    man.render(&mut page).map_err(|e| {
        format!(
            "could not write the man page: {}",
            crate::store::plain_io(&e)
        )
    })?;
    let mut page = String::from_utf8(page).map_err(|e| e.to_string())?;
    let mut extra = String::new();
    if !notes.trim().is_empty() {
        extra.push_str(&format!(".SH NOTES\n{}\n", roff_text(notes.trim())));
    }
    extra.push_str(&format!(
        ".SH \"EXIT STATUS\"\n{}\n",
        roff_text(crate::cli::EXIT_CODES)
    ));
    match page.find("\n.SH VERSION\n") {
        Some(at) => page.insert_str(at + 1, &extra),
        None => page.push_str(&extra),
    }
    let out = page.into_bytes();
    Ok(out)
}

/// Plain text as roff: backslashes and hyphens escaped, a paragraph break for each blank line,
/// and no line starting with a control character.
fn roff_text(s: &str) -> String {
    s.lines()
        .map(|l| {
            let l = l.trim_end().replace('\\', "\\e").replace('-', "\\-");
            if l.is_empty() {
                ".PP".to_string()
            } else if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn completions(shell: clap_complete::Shell) -> Result<(), String> {
    write_stdout(&completion_script(shell))
}

pub fn man(path: &[String]) -> Result<(), String> {
    write_stdout(&man_page(path)?)
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    std::io::stdout()
        .write_all(bytes)
        .map_err(|e| format!("could not write the output: {}", crate::store::plain_io(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_shell_gets_a_script_naming_lattice() {
        for shell in clap_complete::Shell::value_variants() {
            let s = String::from_utf8(completion_script(*shell)).unwrap();
            assert!(!s.trim().is_empty(), "{shell}");
            assert!(s.contains("lattice"), "{shell}");
            assert!(s.contains("calendar"), "{shell}: subcommands are completed");
        }
    }

    #[test]
    fn the_man_page_is_roff_with_a_title() {
        let page = String::from_utf8(man_page(&[]).unwrap()).unwrap();
        assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
        assert!(page.contains(".TH lattice 1"), "{page}");
        assert!(page.contains("lattice\\-calendar(1)"), "{page}");
        assert!(!page.contains("lattice\\-help(1)"), "{page}");
        assert!(
            page.contains(".SH \"EXIT STATUS\"\nExit codes: 0 success"),
            "{page}"
        );
        assert!(!page.contains(".SH EXTRA"), "{page}");
    }

    #[test]
    fn a_command_has_its_own_page() {
        let path = ["export".to_string(), "csv".to_string()];
        let page = String::from_utf8(man_page(&path).unwrap()).unwrap();
        assert!(page.contains(".TH lattice-export-csv 1"), "{page}");
        assert!(page.contains("\\-\\-table"), "{page}");
        assert!(
            page.contains(".SH NOTES\nTables: person, teaching_year"),
            "{page}"
        );
        assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");
        let e = man_page(&["frobnicate".to_string()]).unwrap_err();
        assert!(e.contains("calendar"), "{e}");
    }

    #[test]
    fn roff_text_escapes_what_roff_would_read_as_commands() {
        assert_eq!(roff_text("a-b \\ c"), "a\\-b \\e c");
        assert_eq!(roff_text(".hidden\n\n'quote"), "\\&.hidden\n.PP\n\\&'quote");
    }
}
