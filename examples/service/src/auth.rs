//! Who is asking: `Authorization: Bearer <token>` against the SHA-256 digests of
//! `tokens.toml`, compared in constant time; and what each role may read.
//!
//! Without `tokens.toml` the service is open (every request may read and write) and
//! refuses to listen on anything but loopback.

use scorecard::UnitId;
use sha2::{Digest, Sha256};

use crate::config::{Role, Tokens};

/// What a request may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// No `tokens.toml`: everything (loopback only).
    Open,
    /// Post facts, nothing else.
    Writer,
    /// Read everything.
    Province,
    /// Read `unit` and the units `below` it in detail, the others' published figures.
    Unit {
        /// The viewing unit.
        unit: UnitId,
        /// Its subtree.
        below: Vec<UnitId>,
    },
}

impl Access {
    /// Whether it may post facts.
    pub fn writes(&self) -> bool {
        matches!(self, Access::Open | Access::Writer)
    }

    /// Whether it may read at all.
    pub fn reads(&self) -> bool {
        !matches!(self, Access::Writer)
    }

    /// Whether it reads every unit in detail.
    pub fn reads_all(&self) -> bool {
        matches!(self, Access::Open | Access::Province)
    }

    /// Whether it may read the details of `unit`.
    pub fn sees(&self, unit: &str) -> bool {
        match self {
            Access::Open | Access::Province => true,
            Access::Writer => false,
            Access::Unit { unit: me, below } => {
                me.as_str() == unit || below.iter().any(|b| b.as_str() == unit)
            }
        }
    }
}

/// Equality of two digests in time independent of where they differ.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let mut diff = 0_u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    std::hint::black_box(diff) == 0
}

/// The access of a request with this `Authorization` header value (`None`: no header).
/// `None` when the request is not authenticated.
///
/// The presented token is hashed and its digest compared with every configured digest,
/// all of them, each in constant time: the time taken does not depend on which token
/// matched or where a wrong one differs.
pub fn authenticate(tokens: Option<&Tokens>, header: Option<&[u8]>) -> Option<Access> {
    let Some(tokens) = tokens else {
        return Some(Access::Open);
    };
    let presented = header?.strip_prefix(b"Bearer ")?;
    if presented.is_empty() {
        return None;
    }
    let digest: [u8; 32] = Sha256::digest(presented).into();
    let mut found = None;
    for t in &tokens.tokens {
        if same(&t.digest, &digest) && found.is_none() {
            found = Some(t);
        }
    }
    let t = found?;
    Some(match t.role {
        Role::Writer => Access::Writer,
        Role::Province => Access::Province,
        Role::Unit => Access::Unit {
            unit: t.unit.clone()?,
            below: t.below.clone(),
        },
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::config::hex;

    fn tokens() -> Tokens {
        let d = |s: &str| hex(&Sha256::digest(s.as_bytes()));
        let units: BTreeSet<UnitId> = ["A1", "A2"].map(UnitId::from).into();
        let text = format!(
            "[[token]]\nname = \"w\"\nsha256 = \"{}\"\nrole = \"writer\"\n\
             [[token]]\nname = \"a1\"\nsha256 = \"{}\"\nrole = \"unit\"\nunit = \"A1\"\n",
            d("secret-writer"),
            d("secret-a1")
        );
        Tokens::parse(&text, &units).expect("tokens")
    }

    #[test]
    fn bearer_tokens_map_to_roles() {
        let t = tokens();
        assert_eq!(
            authenticate(Some(&t), Some(b"Bearer secret-writer")),
            Some(Access::Writer)
        );
        let a1 = authenticate(Some(&t), Some(b"Bearer secret-a1")).expect("a unit token");
        assert!(a1.sees("A1") && !a1.sees("A2") && !a1.writes());
        assert_eq!(authenticate(Some(&t), Some(b"Bearer nope")), None);
        assert_eq!(authenticate(Some(&t), Some(b"secret-a1")), None);
        assert_eq!(authenticate(Some(&t), None), None);
        assert_eq!(authenticate(None, None), Some(Access::Open));
    }

    #[test]
    fn the_file_is_strict() {
        let units: BTreeSet<UnitId> = ["A1"].map(UnitId::from).into();
        let digest = "0".repeat(64);
        let unknown_key = format!(
            "[[token]]\nname = \"w\"\nsha256 = \"{digest}\"\nrole = \"writer\"\nscope = \"all\"\n"
        );
        let e = Tokens::parse(&unknown_key, &units).expect_err("an unknown key");
        assert!(e.to_string().contains("unknown key `scope`"), "{e}");
        let short = "[[token]]\nname = \"w\"\nsha256 = \"abc\"\nrole = \"writer\"\n";
        assert!(Tokens::parse(short, &units).is_err());
        let stranger = format!(
            "[[token]]\nname = \"u\"\nsha256 = \"{digest}\"\nrole = \"unit\"\nunit = \"Z9\"\n"
        );
        assert!(Tokens::parse(&stranger, &units).is_err());
    }
}
