use app::api::state::{AppState, Settings};
use app::store::{Db, seed};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use leptos::prelude::LeptosOptions;
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;

pub struct TestApp {
    pub db: Db,
    router: Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

impl TestApp {
    pub async fn new() -> Self {
        let db = Db::temporary().await.expect("database");
        assert!(seed::seed_demo(&db).await.expect("seed"));
        let leptos_options = LeptosOptions::builder().output_name("branchboard").site_root("target/site").hash_files(false).build();
        let state = AppState { db: db.clone(), leptos_options, settings: Arc::new(Settings::default()) };
        Self { db, router: app::routes::router(state) }
    }

    /// Opens `GET /api/events` and returns the status and the body as a stream of chunks.
    pub async fn events(&self, cookie: Option<&str>, query: &str) -> (StatusCode, axum::body::BodyDataStream) {
        let mut request = Request::get(format!("/api/events{query}"));
        if let Some(c) = cookie {
            request = request.header(header::COOKIE, c);
        }
        let response = self.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.expect("response");
        (response.status(), response.into_body().into_data_stream())
    }

    /// Sends a request and reads the whole reply; a reply that does not come within 20 s fails the
    /// test naming the request (a hang would otherwise stall the suite without saying where).
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let what = format!("{} {}", request.method(), request.uri());
        let exchange = async {
            let response = self.router.clone().oneshot(request).await.expect("response");
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), exchange)
            .await
            .unwrap_or_else(|_| panic!("no reply to {what} within 20 s"))
    }

    pub async fn login(&self, username: &str) -> String {
        let reply = self.post_json("/api/auth/login", None, json!({ "username": username, "password": "tanhong" })).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let cookie = reply.headers.get(header::SET_COOKIE).expect("cookie").to_str().unwrap().to_string();
        cookie.split(';').next().unwrap().to_string()
    }

    /// The signed-in user behind a session cookie (`bb_session=…`).
    pub async fn actor_of(&self, cookie: &str) -> app::domain::scope::Actor {
        let token = cookie.split_once('=').expect("a session cookie").1;
        app::store::auth::actor_for_token(&self.db, token).await.unwrap().expect("a live session")
    }

    /// Signs in from a client address (as a connection from it would), with a password.
    pub async fn login_from(&self, address: [u8; 4], username: &str, password: &str) -> Reply {
        let mut request = Request::post("/api/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "username": username, "password": password }).to_string()))
            .unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((address, 50_000))));
        self.send(request).await
    }

    /// The same database served by a new router, as after a restart of the server.
    pub fn restarted(&self) -> Self {
        let leptos_options = LeptosOptions::builder().output_name("branchboard").site_root("target/site").hash_files(false).build();
        let state = AppState { db: self.db.clone(), leptos_options, settings: Arc::new(Settings::default()) };
        Self { db: self.db.clone(), router: app::routes::router(state) }
    }

    /// A second app server on the same database (its own pool, writer lock and live feeds).
    pub async fn second_server(&self) -> Self {
        let db = self.db.connect_again().await.expect("a second server");
        let leptos_options = LeptosOptions::builder().output_name("branchboard").site_root("target/site").hash_files(false).build();
        let state = AppState { db: db.clone(), leptos_options, settings: Arc::new(Settings::default()) };
        Self { db, router: app::routes::router(state) }
    }

    pub async fn post_json(&self, path: &str, cookie: Option<&str>, body: Value) -> Reply {
        self.post_raw(path, cookie, body.to_string()).await
    }

    pub async fn post_raw(&self, path: &str, cookie: Option<&str>, body: String) -> Reply {
        let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::from(body)).unwrap()).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut r = Request::get(path);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&self.db.pool).await.expect(sql);
        n
    }

    pub async fn text(&self, sql: &str) -> String {
        let (s,): (String,) = sqlx::query_as(sql).fetch_one(&self.db.pool).await.expect(sql);
        s
    }

    /// A police member of a commune waiting in the 2021 campaign.
    pub async fn police_of(&self, commune: &str) -> String {
        self.text(&format!(
            "SELECT m.id FROM members m JOIN org_units u ON u.id = m.commune_id \
             WHERE u.name = '{commune}' AND m.job_category = 'commune_police' ORDER BY m.id LIMIT 1"
        ))
        .await
    }

    /// The residential branch of a member's residence hamlet.
    pub async fn home_branch_of(&self, member: &str) -> String {
        self.text(&format!("SELECT b.id FROM branches b JOIN members m ON m.residence_id = b.hamlet_id WHERE m.id = '{member}'")).await
    }

    pub async fn campaign(&self, code: &str) -> String {
        self.text(&format!("SELECT id FROM campaigns WHERE code = '{code}'")).await
    }

    pub async fn commune_id(&self, name: &str) -> String {
        self.text(&format!("SELECT id FROM org_units WHERE name = '{name}'")).await
    }
}

/// A push request body with one mutation per item: (client_seq, name, args, base_version).
pub fn push_body(client: &str, mutations: &[(i64, &str, Value, Option<i64>)]) -> Value {
    json!({
        "client_id": client,
        "mutations": mutations.iter().map(|(seq, name, args, base)| json!({
            "id": uuid::Uuid::now_v7(),
            "client_seq": seq,
            "name": name,
            "args": args,
            "base_version": base,
            "created_at": 0,
        })).collect::<Vec<_>>(),
    })
}
