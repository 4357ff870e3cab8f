use std::{fs, io, path::Path};

/// Renders every Markdown article into an HTML page under `out`.
pub fn compile(articles: impl AsRef<Path>, out: impl AsRef<Path>) -> io::Result<()> {
    fs::create_dir_all(out.as_ref())?;
    for entry in fs::read_dir(articles)? {
        let path = entry?.path();
        let markdown = fs::read_to_string(&path)?;
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
        let name = path.with_extension("html");
        fs::write(out.as_ref().join(name.file_name().unwrap()), html)?;
    }
    fs::write(out.as_ref().join("notfound.html"), "<h1>Not found</h1>")
}
