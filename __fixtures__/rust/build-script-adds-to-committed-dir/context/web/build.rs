fn main() {
    println!("cargo:rerun-if-changed=../notes");
    println!("cargo:rerun-if-changed=../pages/src");
    pages::render_all("../notes", "../www").expect("render notes");
}
