//! The one error that crosses the wire: a message a user can act on, in Vietnamese.

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;

/// An error of a request. Internal details are logged on the server, never shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Bạn cần đăng nhập để tiếp tục.")]
    Unauthenticated,
    #[error("Bạn không có quyền xem hoặc thay đổi dữ liệu này.")]
    Forbidden,
    #[error("Không tìm thấy {0}.")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    /// The request clashes with what is stored (a username already taken).
    #[error("{0}")]
    Conflict(String),
    #[error("Tên đăng nhập hoặc mật khẩu không đúng.")]
    BadCredentials,
    #[error("Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.")]
    AccountDisabled,
    #[error("Bạn cần đổi mật khẩu được cấp một lần trước khi tiếp tục (trang «Đổi mật khẩu»).")]
    PasswordChangeRequired,
    #[error("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {0} phút.")]
    TooManyAttempts(u64),
    #[error("Nội dung gửi lên quá lớn.")]
    TooLarge,
    #[error("Máy chủ gặp sự cố. Vui lòng thử lại sau.")]
    Internal,
    #[error("Không kết nối được với máy chủ ({0}).")]
    Network(String),
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound(what) => Self::NotFound(what.to_string()),
            other => Self::Invalid(other.to_string()),
        }
    }
}

impl From<crate::domain::account::AccountError> for AppError {
    fn from(e: crate::domain::account::AccountError) -> Self {
        match e {
            crate::domain::account::AccountError::NotAdmin => Self::Forbidden,
            other => Self::Invalid(other.to_string()),
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // On the server: a request whose arguments are not what the function takes (a body
            // that does not decode is `Deserialization` there).
            E::Args(_) | E::MissingArg(_) => Self::Invalid("Yêu cầu gửi lên không đúng dạng.".into()),
            E::Deserialization(_) if cfg!(feature = "ssr") => Self::Invalid("Yêu cầu gửi lên không đúng dạng.".into()),
            E::Registration(_) | E::ServerError(_) | E::MiddlewareError(_) | E::Response(_) => Self::Internal,
            // In the browser: the server could not be reached, or answered something unreadable.
            E::Request(_) | E::UnsupportedRequestMethod(_) | E::Deserialization(_) | E::Serialization(_) => {
                Self::Network(value.to_string())
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    impl From<sqlx::Error> for AppError {
        fn from(e: sqlx::Error) -> Self {
            tracing::error!(error = %e, "database error");
            Self::Internal
        }
    }

    impl From<sqlx::migrate::MigrateError> for AppError {
        fn from(e: sqlx::migrate::MigrateError) -> Self {
            tracing::error!(error = %e, "migration error");
            Self::Internal
        }
    }

    impl AppError {
        /// The HTTP status of the error.
        pub fn status(&self) -> StatusCode {
            match self {
                Self::Unauthenticated | Self::BadCredentials => StatusCode::UNAUTHORIZED,
                Self::Forbidden | Self::AccountDisabled | Self::PasswordChangeRequired => StatusCode::FORBIDDEN,
                Self::NotFound(_) => StatusCode::NOT_FOUND,
                Self::Invalid(_) => StatusCode::BAD_REQUEST,
                Self::Conflict(_) => StatusCode::CONFLICT,
                Self::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
                Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                Self::Internal | Self::Network(_) => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let body = serde_json::json!({ "error": self.to_string() });
            (self.status(), axum::Json(body)).into_response()
        }
    }
}
