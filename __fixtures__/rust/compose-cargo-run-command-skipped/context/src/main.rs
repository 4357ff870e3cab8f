fn main() {
    println!("scraping");
}
