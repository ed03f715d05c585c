//! Hands a file to the system's opener (`xdg-open` on Linux and the BSDs, `open` on macOS),
//! started on its own and not waited for. Where there is none, the caller prints the path.

use std::path::Path;
use std::process::{Command, Stdio};

/// What happened to a request to open a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The opener was started with the file.
    Started { program: &'static str },
    /// No opener exists here (or it could not be started): show the path instead.
    NoOpener { tried: Option<&'static str> },
}

/// The system's opener for this platform, if it has one Lattice knows.
pub fn opener() -> Option<&'static str> {
    if cfg!(target_os = "macos") {
        Some("open")
    } else if cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        Some("xdg-open")
    } else {
        None
    }
}

/// Starts the opener on `path`, detached: its own process group, no terminal input or output,
/// so it neither waits for Lattice nor writes over a screen.
pub fn open(path: &Path) -> Opened {
    let Some(program) = opener() else {
        return Opened::NoOpener { tried: None };
    };
    let mut cmd = Command::new(program);
    cmd.arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    match cmd.spawn() {
        Ok(_child) => Opened::Started { program },
        Err(_) => Opened::NoOpener {
            tried: Some(program),
        },
    }
}
