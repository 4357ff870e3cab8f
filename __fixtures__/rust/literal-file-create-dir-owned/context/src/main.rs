mod report;

fn main() {
    let games_file = "data/games.log";
    let summary = report::summarize(games_file).expect("cannot read the games log");
    println!("{summary}");
}
