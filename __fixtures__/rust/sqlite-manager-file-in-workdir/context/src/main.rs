use actix_web::{get, web, App, HttpResponse, HttpServer};
use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;

#[get("/")]
async fn list(pool: web::Data<Pool<SqliteConnectionManager>>) -> HttpResponse {
    let conn = pool.get().expect("no connection");
    let mut stmt = conn.prepare("SELECT body FROM notes").unwrap();
    let notes: Vec<String> = stmt
        .query_map([], |row| row.get(0))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    HttpResponse::Ok().body(notes.join("\n"))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    // The pool creates the file on its first connection.
    let manager = SqliteConnectionManager::file("notes.db");
    let pool = Pool::new(manager).expect("pool");
    pool.get()
        .unwrap()
        .execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", [])
        .unwrap();
    HttpServer::new(move || App::new().app_data(web::Data::new(pool.clone())).service(list))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
