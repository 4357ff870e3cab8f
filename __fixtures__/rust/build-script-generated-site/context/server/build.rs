fn main() {
    println!("cargo:rerun-if-changed=../articles");
    blog::compile("../articles", "../site").unwrap();
}
