//! Pure rules of BranchBoard: no IO, no leptos, no sqlx, no web APIs.
//! Every rule of `shared/docs/DOMAIN.md` lives here, with its unit tests.

/// An enum stored by a stable code and shown by a Vietnamese label.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The stable storage code.
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            /// Parses a storage code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(Self::$variant),)+ _ => None }
            }
            /// The Vietnamese label.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
    };
}

pub mod account;
pub mod branch;
pub mod campaign;
pub mod date;
pub mod error;
pub mod evaluation;
pub mod flags;
pub mod free_text;
pub mod history;
pub mod ids;
pub mod import;
pub mod meeting;
pub mod member;
pub mod membership;
pub mod note;
pub mod org;
pub mod plan;
pub mod report;
pub mod scope;
pub mod setup;
pub mod task;
pub mod text;
pub mod throttle;

pub use error::DomainError;
