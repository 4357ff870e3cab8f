use actix_web::{get, web, App, HttpResponse, HttpServer};
use sqlx::mysql::MySqlPoolOptions;

#[get("/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    log4rs::init_file("log4rs.yml", Default::default()).unwrap();
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    let pool = MySqlPoolOptions::new().connect(&database_url).await.expect("database");
    sqlx::migrate!().run(&pool).await.expect("migrations");
    log::info!("listening on 8080");
    HttpServer::new(move || App::new().app_data(web::Data::new(pool.clone())).service(health))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
