//! Newtype identifiers, so that a unit id passed where an indicator id belongs
//! does not compile.
//!
//! Every id is a string chosen by the host (`U0001`, `I051`, `D130`, `hall` …),
//! compared byte for byte, ordered by byte order, and serialised as a plain
//! string. Cloning an id is cheap: an id of up to 23 bytes is kept inline and copied
//! (no reference count, so threads that clone the same id do not contend); a longer one
//! is a shared `Arc<str>`.

use std::borrow::Borrow;
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(smol_str::SmolStr);

        impl $name {
            /// Makes an id from its text.
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(smol_str::SmolStr::new(id.as_ref()))
            }

            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(smol_str::SmolStr::new(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(smol_str::SmolStr::new(id))
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// An id is a string in a rule book.
        #[cfg(any(test, feature = "schema"))]
        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string" })
            }
        }
    };
}

string_id!(
    /// An assessed unit (考核单位): a bureau, a branch (税务分局), an inspection bureau (稽查局).
    UnitId
);
string_id!(
    /// An indicator (指标) of the library.
    IndicatorId
);
string_id!(
    /// A data point (数据点): one kind of measured record that facts report, such as
    /// "returns filed on time" or "errors found".
    DatapointId
);
string_id!(
    /// A peer group (同类单位组) within which units are compared and ranked, such as the
    /// service-hall branches.
    GroupId
);
string_id!(
    /// A unit factor used for per-capita values and difficulty coefficients, such as
    /// `staff`, `households` or `revenue`.
    FactorId
);
string_id!(
    /// A department (部门, 科室) of a unit, such as a city bureau's 纳税服务科.
    DepartmentId
);
string_id!(
    /// A post (岗位) in a department, with its duties (岗责).
    PostId
);
string_id!(
    /// A person (人员) who holds posts over date ranges.
    PersonId
);
