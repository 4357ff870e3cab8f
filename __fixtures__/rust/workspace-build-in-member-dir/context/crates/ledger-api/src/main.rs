use axum::{routing::get, Json, Router};
use ledger_core::{balance, Entry};
use tower_http::services::ServeDir;

async fn total() -> Json<i64> {
    let entries: Vec<Entry> = Vec::new();
    Json(balance(&entries))
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/balance", get(total))
        .fallback_service(ServeDir::new("static"));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
