use axum::Router;
use tower_http::services::ServeDir;

#[tokio::main]
async fn main() {
    // Rendered pages sit next to the committed images in www/.
    let app = Router::new().nest_service("/", ServeDir::new("www"));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
