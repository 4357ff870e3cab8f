use std::fs;
use std::io;
use std::path::Path;

/// Renders every Markdown note of `notes` into an HTML page of `out`.
pub fn render_all(notes: impl AsRef<Path>, out: impl AsRef<Path>) -> io::Result<()> {
    fs::create_dir_all(out.as_ref())?;
    for entry in fs::read_dir(notes)? {
        let path = entry?.path();
        let source = fs::read_to_string(&path)?;
        let html = comrak::markdown_to_html(&source, &comrak::Options::default());
        let name = path.file_stem().unwrap().to_string_lossy();
        fs::write(out.as_ref().join(format!("{name}.html")), html)?;
    }
    Ok(())
}
