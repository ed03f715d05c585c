//! Themes name semantic roles (accent, muted, danger, selection, ...), not widgets. Built-in
//! themes are embedded; users add their own in the config folder's themes/. A theme may inherit
//! another and name colours in a [palette].

use crate::catalog::{CatalogError, line_of};
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../themes/default.toml")),
    ("dark", include_str!("../themes/dark.toml")),
    ("light", include_str!("../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("projector", include_str!("../themes/projector.toml")),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Text,
    Muted,
    Title,
    Accent,
    Border,
    Selection,
    Header,
    Tab,
    TabActive,
    Key,
    Danger,
    Warning,
    Success,
    Info,
    Toast,
    Banner,
    Input,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Text,
        Role::Muted,
        Role::Title,
        Role::Accent,
        Role::Border,
        Role::Selection,
        Role::Header,
        Role::Tab,
        Role::TabActive,
        Role::Key,
        Role::Danger,
        Role::Warning,
        Role::Success,
        Role::Info,
        Role::Toast,
        Role::Banner,
        Role::Input,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Text => "text",
            Role::Muted => "muted",
            Role::Title => "title",
            Role::Accent => "accent",
            Role::Border => "border",
            Role::Selection => "selection",
            Role::Header => "header",
            Role::Tab => "tab",
            Role::TabActive => "tab_active",
            Role::Key => "key",
            Role::Danger => "danger",
            Role::Warning => "warning",
            Role::Success => "success",
            Role::Info => "info",
            Role::Toast => "toast",
            Role::Banner => "banner",
            Role::Input => "input",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    inherits: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, String>,
    #[serde(default)]
    roles: BTreeMap<String, RawStyle>,
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<String>,
    bg: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reverse: Option<bool>,
    dim: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<Role, Style>,
}

impl Theme {
    pub fn style(&self, role: Role) -> Style {
        self.styles.get(&role).copied().unwrap_or_default()
    }

    /// The built-in default theme (it always parses: a test proves it).
    pub fn fallback() -> Theme {
        Theme::load("default", None).unwrap_or_else(|_| Theme {
            name: "default".into(),
            styles: BTreeMap::new(),
        })
    }

    /// Honours NO_COLOR: colours go, bold, underline and reverse stay, and the selection is
    /// always reverse so it stays visible.
    pub fn without_color(mut self) -> Theme {
        for s in self.styles.values_mut() {
            s.fg = None;
            s.bg = None;
        }
        for r in [Role::Selection, Role::TabActive, Role::Toast, Role::Banner] {
            let s = self.styles.entry(r).or_default();
            *s = s.add_modifier(Modifier::REVERSED);
        }
        self
    }

    /// Loads a theme by name from the user's themes folder or the built-ins, following
    /// `inherits`. Errors name the file, the line and the field.
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Theme, CatalogError> {
        let mut chain: Vec<(String, String, ThemeFile)> = Vec::new();
        let mut next = Some(name.to_string());
        while let Some(n) = next.take() {
            if chain.iter().any(|(cn, _, _)| *cn == n) {
                return Err(CatalogError {
                    file: chain.last().map(|c| c.1.clone()).unwrap_or_default(),
                    line: None,
                    message: format!("inherits: \"{n}\" leads back to itself"),
                });
            }
            let (file, text) = find(&n, user_dir).map_err(|e| match chain.last() {
                // A parent that does not exist is the mistake of the file that names it.
                Some((_, child, _)) => CatalogError {
                    file: child.clone(),
                    line: find_text(child, user_dir)
                        .and_then(|t| t.find("inherits").map(|o| line_of(&t, o))),
                    message: e.message.replacen("theme:", "inherits:", 1),
                },
                None => e,
            })?;
            let parsed: ThemeFile = crate::catalog::parse_toml(&file, &text)?;
            next = parsed.inherits.clone();
            chain.push((n, file, parsed));
        }
        let mut styles: BTreeMap<Role, Style> = BTreeMap::new();
        // Apply from the root ancestor down, so the named theme wins.
        let mut palette: BTreeMap<String, String> = BTreeMap::new();
        for (_, file, t) in chain.iter().rev() {
            palette.extend(t.palette.clone());
            let text = find_text(file, user_dir);
            for (role_name, raw) in &t.roles {
                let at = |needle: &str| {
                    text.as_deref()
                        .and_then(|tx| tx.find(needle).map(|o| line_of(tx, o)))
                };
                let Some(role) = Role::ALL.iter().find(|r| r.key() == role_name) else {
                    return Err(CatalogError {
                        file: file.clone(),
                        line: at(&format!("{role_name} =")),
                        message: format!(
                            "roles.{role_name}: not a role (roles are {})",
                            Role::ALL
                                .iter()
                                .map(|r| r.key())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                };
                let mut s = styles.get(role).copied().unwrap_or_default();
                for (which, value) in [("fg", &raw.fg), ("bg", &raw.bg)] {
                    if let Some(v) = value {
                        let c = color(v, &palette).ok_or_else(|| CatalogError {
                            file: file.clone(),
                            line: at(&format!("{role_name} =")),
                            message: format!(
                                "roles.{role_name}.{which}: \"{v}\" is not a colour (a name such as cyan or darkgray, reset, #rrggbb, or a [palette] name)"
                            ),
                        })?;
                        if which == "fg" {
                            s.fg = Some(c)
                        } else {
                            s.bg = Some(c)
                        }
                    }
                }
                for (flag, m) in [
                    (raw.bold, Modifier::BOLD),
                    (raw.italic, Modifier::ITALIC),
                    (raw.underline, Modifier::UNDERLINED),
                    (raw.reverse, Modifier::REVERSED),
                    (raw.dim, Modifier::DIM),
                ] {
                    match flag {
                        Some(true) => s = s.add_modifier(m),
                        Some(false) => s = s.remove_modifier(m),
                        None => {}
                    }
                }
                styles.insert(*role, s);
            }
        }
        let shown = chain
            .first()
            .and_then(|c| c.2.name.clone())
            .unwrap_or_else(|| name.to_string());
        Ok(Theme {
            name: shown,
            styles,
        })
    }

    /// Names of every theme available: built-ins and the user's.
    pub fn available(user_dir: Option<&Path>) -> Vec<String> {
        let mut names: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        if let Some(dir) = user_dir
            && let Ok(rd) = std::fs::read_dir(dir)
        {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml")
                    && let Some(stem) = p.file_stem()
                {
                    let n = stem.to_string_lossy().into_owned();
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
        }
        names
    }
}

fn find(name: &str, user_dir: Option<&Path>) -> Result<(String, String), CatalogError> {
    if let Some(dir) = user_dir {
        let p = dir.join(format!("{name}.toml"));
        if p.is_file() {
            let text = std::fs::read_to_string(&p).map_err(|e| CatalogError {
                file: p.display().to_string(),
                line: None,
                message: format!("cannot be read: {}", crate::store::plain_io(&e)),
            })?;
            return Ok((p.display().to_string(), text));
        }
    }
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, t)| (format!("themes/{n}.toml"), t.to_string()))
        .ok_or_else(|| CatalogError {
            file: user_dir
                .map(|d| d.join(format!("{name}.toml")).display().to_string())
                .unwrap_or_else(|| format!("themes/{name}.toml")),
            line: None,
            message: format!(
                "theme: \"{name}\" does not exist (available: {})",
                Theme::available(user_dir).join(", ")
            ),
        })
}

fn find_text(file: &str, user_dir: Option<&Path>) -> Option<String> {
    if let Some(n) = file
        .strip_prefix("themes/")
        .and_then(|f| f.strip_suffix(".toml"))
        && let Some((_, t)) = BUILT_IN.iter().find(|(b, _)| *b == n)
    {
        return Some(t.to_string());
    }
    let _ = user_dir;
    std::fs::read_to_string(file).ok()
}

fn color(v: &str, palette: &BTreeMap<String, String>) -> Option<Color> {
    if let Some(p) = palette.get(v) {
        return color(p, &BTreeMap::new());
    }
    let v = v.trim().to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        if hex.len() != 6 {
            return None;
        }
        let n = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
    }
    Some(match v.as_str() {
        "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses_and_defines_every_role() {
        for (name, _) in BUILT_IN {
            let t = Theme::load(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            for r in Role::ALL {
                assert!(t.styles.contains_key(r), "{name} lacks {}", r.key());
            }
        }
    }

    #[test]
    fn inheritance_and_palette_apply() {
        let t = Theme::load("dark", None).unwrap();
        assert_eq!(t.style(Role::Accent).fg, Some(Color::Rgb(0x5f, 0xd7, 0xc7)));
        assert!(
            t.style(Role::Selection)
                .add_modifier
                .contains(Modifier::REVERSED),
            "inherited"
        );
    }

    #[test]
    fn no_color_keeps_the_selection_visible() {
        let t = Theme::load("dark", None).unwrap().without_color();
        assert_eq!(t.style(Role::Accent).fg, None);
        assert!(
            t.style(Role::Selection)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert!(t.style(Role::Accent).add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn user_themes_override_and_bad_ones_name_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "name = \"mine\"\ninherits = \"default\"\n[roles]\naccent = { fg = \"#ff0000\" }\n",
        )
        .unwrap();
        let t = Theme::load("mine", Some(dir.path())).unwrap();
        assert_eq!(t.style(Role::Accent).fg, Some(Color::Rgb(255, 0, 0)));
        assert!(Theme::available(Some(dir.path())).contains(&"mine".to_string()));

        std::fs::write(
            dir.path().join("bad.toml"),
            "inherits = \"default\"\n[roles]\n\naccent = { fg = \"chartreuse\" }\n",
        )
        .unwrap();
        let e = Theme::load("bad", Some(dir.path())).unwrap_err();
        assert!(e.file.ends_with("bad.toml"), "{e}");
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message.contains("roles.accent.fg"), "{e}");

        std::fs::write(
            dir.path().join("typo.toml"),
            "[roles]\naccnet = { fg = \"red\" }\n",
        )
        .unwrap();
        let e = Theme::load("typo", Some(dir.path())).unwrap_err();
        assert!(
            e.message.contains("roles.accnet") && e.line == Some(2),
            "{e}"
        );

        std::fs::write(
            dir.path().join("syntax.toml"),
            "[roles]\naccent = { fg = \n",
        )
        .unwrap();
        let e = Theme::load("syntax", Some(dir.path())).unwrap_err();
        assert!(e.line.is_some(), "{e}");

        std::fs::write(dir.path().join("loop.toml"), "inherits = \"loop\"\n").unwrap();
        assert!(
            Theme::load("loop", Some(dir.path()))
                .unwrap_err()
                .message
                .contains("itself")
        );

        // A parent that does not exist: the file that names it is at fault, on its line.
        std::fs::write(
            dir.path().join("orphan.toml"),
            "name = \"orphan\"\ninherits = \"dakr\"\n",
        )
        .unwrap();
        let e = Theme::load("orphan", Some(dir.path())).unwrap_err();
        assert!(e.file.ends_with("orphan.toml"), "{e}");
        assert_eq!(e.line, Some(2), "{e}");
        assert!(
            e.message.starts_with("inherits: \"dakr\" does not exist"),
            "{e}"
        );

        let e = Theme::load("nope", Some(dir.path())).unwrap_err();
        assert!(
            e.message.contains("available") && e.message.contains("projector"),
            "{e}"
        );
    }
}
