//! Tables of cards for the hot loops of the statistics and the queue: a fast hash for card ids, and
//! cards grouped by deck.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// Builds [`KeyHasher`]s for `HashMap` and `HashSet`.
pub(crate) type KeyHash = BuildHasherDefault<KeyHasher>;

/// A multiply-xorshift hash over eight bytes at a time. Card keys are short strings hashed once per
/// review, on which this is several times faster than the default hasher; the keys come from the
/// learner's own data, so resistance to crafted collisions is not needed.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    fn mix(&mut self, word: u64) {
        let product = (self.0 ^ word).wrapping_mul(Self::MULTIPLIER);
        // The product's high bits are well mixed; fold them into the low bits that pick a bucket.
        self.0 = product ^ (product >> 29);
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.mix(u64::from(byte));
    }
}

/// A card id as a table key. Ids are short, so most are stored inside the table slot itself: comparing
/// a review's id then reads the slot it already loaded instead of following a pointer elsewhere.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CardId<'s> {
    Inline {
        len: u8,
        bytes: [u8; CardId::INLINE],
    },
    Long(&'s str),
}

impl<'s> CardId<'s> {
    const INLINE: usize = 22;

    pub(crate) fn new(id: &'s str) -> Self {
        if id.len() <= Self::INLINE {
            let mut bytes = [0; Self::INLINE];
            bytes[..id.len()].copy_from_slice(id.as_bytes());
            CardId::Inline {
                len: id.len() as u8,
                bytes,
            }
        } else {
            CardId::Long(id)
        }
    }
}

/// Values per card, grouped by deck. A profile's cards come from a handful of decks, and the walks
/// over reviews and states meet them deck after deck: the deck is found by comparing with the one found
/// last, and each card is looked up in its own deck's small table, which stays in the cache.
pub(crate) struct ByDeck<'s, K, V> {
    decks: Vec<(&'s str, HashMap<K, V, KeyHash>)>,
    last: usize,
}

impl<K, V> Default for ByDeck<'_, K, V> {
    fn default() -> Self {
        ByDeck {
            decks: Vec::new(),
            last: 0,
        }
    }
}

impl<'s, K: Eq + Hash, V> ByDeck<'s, K, V> {
    /// The table of a deck, made empty the first time.
    pub(crate) fn deck_mut(&mut self, deck: &'s str) -> &mut HashMap<K, V, KeyHash> {
        let i = match self.position(deck) {
            Some(i) => i,
            None => {
                self.decks.push((deck, HashMap::default()));
                self.decks.len() - 1
            }
        };
        self.last = i;
        &mut self.decks[i].1
    }

    /// The table of a deck, if it has one.
    pub(crate) fn deck(&mut self, deck: &str) -> Option<&HashMap<K, V, KeyHash>> {
        let i = self.position(deck)?;
        self.last = i;
        Some(&self.decks[i].1)
    }

    fn position(&self, deck: &str) -> Option<usize> {
        match self.decks.get(self.last) {
            Some((id, _)) if *id == deck => Some(self.last),
            _ => self.decks.iter().position(|(id, _)| *id == deck),
        }
    }

    pub(crate) fn get<Q>(&self, deck: &str, card: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, cards) = self.decks.iter().find(|(id, _)| *id == deck)?;
        cards.get(card)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    #[test]
    fn cards_are_found_in_their_own_deck() {
        let mut cards: ByDeck<&str, u32> = ByDeck::default();
        cards.deck_mut("a").insert("x", 1);
        cards.deck_mut("b").insert("x", 2);
        cards.deck_mut("a").insert("y", 3);
        assert_eq!(cards.get("a", "x"), Some(&1));
        assert_eq!(cards.get("b", "x"), Some(&2));
        assert_eq!(cards.get("b", "y"), None);
        assert_eq!(cards.deck("b").and_then(|d| d.get("x")), Some(&2));
        assert!(cards.deck("c").is_none());
        assert_eq!(cards.get("a", "y"), Some(&3));
    }

    #[test]
    fn card_keys_spread_over_the_buckets() {
        let build = KeyHash::default();
        let keys: Vec<String> = (0..20_000).map(|i| format!("card-{i}")).collect();
        let hashes: Vec<u64> = keys.iter().map(|k| build.hash_one(k.as_str())).collect();
        assert_eq!(hashes.iter().collect::<HashSet<_>>().len(), keys.len());
        // 20 000 keys in 32 768 buckets: with a uniform hash no bucket holds more than a handful.
        let mut buckets = vec![0u32; 1 << 15];
        for h in &hashes {
            buckets[(h & 0x7fff) as usize] += 1;
        }
        assert!(buckets.iter().all(|&n| n <= 8), "clustered low bits");
    }
}
