use actix_web::{get, web, App, HttpResponse, HttpServer};
use std::path::PathBuf;
use tera::{Context, Tera};

fn templates() -> Tera {
    // Templates live next to Cargo.toml, wherever the crate is checked out.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run with cargo run"));
    Tera::new(root.join("templates/**/*.html").to_str().unwrap()).expect("templates")
}

#[get("/")]
async fn index(tera: web::Data<Tera>) -> HttpResponse {
    HttpResponse::Ok().body(tera.render("index.html", &Context::new()).unwrap())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let tera = web::Data::new(templates());
    HttpServer::new(move || App::new().app_data(tera.clone()).service(index))
        .bind(("0.0.0.0", 8000))?
        .run()
        .await
}
