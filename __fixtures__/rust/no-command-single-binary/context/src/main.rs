use std::{env, fs, path::Path, process::ExitCode};

fn main() -> ExitCode {
    let mut broken = 0;
    for file in env::args().skip(1) {
        let text = fs::read_to_string(&file).expect("readable file");
        for event in pulldown_cmark::Parser::new(&text) {
            if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = event {
                if !dest_url.contains("://") && !Path::new(&file).with_file_name(dest_url.as_ref()).exists() {
                    eprintln!("{file}: broken link {dest_url}");
                    broken += 1;
                }
            }
        }
    }
    if broken == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
