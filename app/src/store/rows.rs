//! What the table modules share: stored text back into domain values. A stored value that does
//! not parse means a corrupt row: it is logged here, once, and the request fails as an internal
//! error (never shown to the user).

use crate::domain::date::Date;
use crate::error::AppError;

/// Logs a value that does not parse and turns it into an internal error.
pub(crate) fn corrupt(what: &str, value: &str) -> AppError {
    tracing::error!(what, value, "corrupt value in the database");
    AppError::Internal
}

/// An identifier column.
pub(crate) fn id<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    parse(text).ok_or_else(|| corrupt("id", text))
}

/// A nullable identifier column.
pub(crate) fn opt_id<T>(text: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
    text.map(|t| id(t, parse)).transpose()
}

/// A date column (ISO text).
pub(crate) fn date(text: &str) -> Result<Date, AppError> {
    Date::parse_iso(text).map_err(|_| corrupt("date", text))
}

/// A nullable date column.
pub(crate) fn opt_date(text: Option<&str>) -> Result<Option<Date>, AppError> {
    text.map(date).transpose()
}

/// A code column (the storage code of a `coded_enum`).
pub(crate) fn code<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    parse(text).ok_or_else(|| corrupt("code", text))
}

/// A nullable code column.
pub(crate) fn opt_code<T>(text: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
    text.map(|t| code(t, parse)).transpose()
}

/// A JSON column written by this server.
pub(crate) fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|_| corrupt(what, text))
}

/// Rows into domain values.
pub(crate) fn convert<R, T: TryFrom<R, Error = AppError>>(rows: Vec<R>) -> Result<Vec<T>, AppError> {
    rows.into_iter().map(T::try_from).collect()
}

/// A yes/no column. PostgreSQL has `BOOLEAN`; SQLite keeps 0 and 1, and sqlx's `Any` driver
/// refuses a column SQLite declares `BOOLEAN` — so those columns are selected as
/// `CAST(col AS INTEGER)` (on both engines) and read through this type, which takes a boolean
/// or an integer (an `EXISTS` is a boolean on PostgreSQL, an integer on SQLite).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        ty.kind() == sqlx::any::AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef;
        if value.type_info().kind() == sqlx::any::AnyTypeInfoKind::Bool {
            <bool as sqlx::Decode<sqlx::Any>>::decode(value).map(Flag)
        } else {
            <i64 as sqlx::Decode<sqlx::Any>>::decode(value).map(|n| Flag(n != 0))
        }
    }
}
