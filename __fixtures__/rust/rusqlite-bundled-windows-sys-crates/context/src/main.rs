use actix_web::{post, web, App, HttpResponse, HttpServer};
use rusqlite::{params, Connection};
use std::sync::Mutex;

struct Counter(Mutex<Connection>);

#[post("/hit/{name}")]
async fn hit(counter: web::Data<Counter>, name: web::Path<String>) -> HttpResponse {
    let conn = counter.0.lock().unwrap();
    conn.execute(
        "INSERT INTO hits (name, count) VALUES (?1, 1) ON CONFLICT(name) DO UPDATE SET count = count + 1",
        params![name.into_inner()],
    )
    .unwrap();
    HttpResponse::NoContent().finish()
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let conn = Connection::open("/var/lib/tally/tally.db").expect("open database");
    conn.execute_batch("CREATE TABLE IF NOT EXISTS hits (name TEXT PRIMARY KEY, count INTEGER NOT NULL)")
        .expect("schema");
    let counter = web::Data::new(Counter(Mutex::new(conn)));
    HttpServer::new(move || App::new().app_data(counter.clone()).service(hit))
        .bind("0.0.0.0:3000")?
        .run()
        .await
}
