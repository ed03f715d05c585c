//! Files and folders holding personal data are readable by their owner alone, whatever the umask.

use super::error::{Result, StoreError};
use std::fs::{self, OpenOptions};
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

/// Creates `dir` and any missing parents; folders this call creates are 0700.
pub fn private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        private_dir(parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(StoreError::io("create the folder", dir, e)),
    }
    #[cfg(unix)]
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| StoreError::io("set permissions on", dir, e))?;
    Ok(())
}

/// Creates an empty file readable by its owner alone (0600) if it does not exist.
pub fn private_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        private_dir(parent)?;
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    opts.mode(0o600);
    match opts.open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(StoreError::io("create", path, e)),
    }
    // The umask can only remove bits; set the mode explicitly anyway so it is exactly 0600.
    #[cfg(unix)]
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|e| StoreError::io("set permissions on", path, e))?;
    Ok(())
}

/// Writes `bytes` to a new private file at `path` (replacing it), through a temporary file and a
/// rename, so a reader never sees half a file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp-lattice");
    let _ = fs::remove_file(&tmp);
    private_file(&tmp)?;
    let mut f = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&tmp)
        .map_err(|e| StoreError::io("write", &tmp, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| StoreError::io("write", &tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| StoreError::io("write", path, e))
}
