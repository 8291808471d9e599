//! The numbering of a device's mutations (`client_seq`): 1, 2, 3… with no gap. The server
//! answers a mutation it already processed (known by its id, under any number of this user's
//! devices) from the outcome it stored; it processes the number after the last it processed; and
//! it refuses anything else (a gap, a step back, an absurd value, a number another mutation
//! holds) without writing anything, telling the device the number it expects. The device then
//! numbers its unsent changes again under a fresh device id (`Replica::resequence`), keeping
//! their ids: nothing is lost, and nothing is applied twice, even a change whose reply was lost.

/// What the server holds for a mutation and its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Nothing: neither this mutation nor this number was processed.
    Nothing,
    /// This very mutation was processed (a retry, perhaps under another number).
    Same,
    /// Another mutation was processed under this number.
    Other,
}

/// What to do with a mutation numbered `client_seq` when the device's last processed number is
/// `last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The next number: process it.
    Process,
    /// Already processed: answer from the stored outcome.
    Replay,
    /// Refused; the server expects this number next.
    Refuse { expected: i64 },
}

/// The server's rule.
pub fn verdict(last: i64, client_seq: i64, stored: Stored) -> Verdict {
    let expected = last.saturating_add(1);
    match stored {
        Stored::Same => Verdict::Replay,
        Stored::Nothing if client_seq == expected && client_seq >= 1 => Verdict::Process,
        _ => Verdict::Refuse { expected },
    }
}

/// The refusal's message, for the user (the device handles it on its own).
pub fn refusal_message(expected: i64, got: i64) -> String {
    format!(
        "Số thứ tự thao tác của thiết bị không liền mạch (máy chủ chờ số {expected}, nhận số {got}); \
         thiết bị sẽ đánh số lại và gửi lại các thay đổi chưa gửi."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Only the next number is processed, only the same mutation is answered from storage,
        /// and every refusal names the number expected.
        #[test]
        fn only_the_next_number_is_processed(last in 0i64..1_000_000, seq in any::<i64>(), stored in prop_oneof![Just(Stored::Nothing), Just(Stored::Same), Just(Stored::Other)]) {
            match verdict(last, seq, stored) {
                Verdict::Process => prop_assert!(seq == last + 1 && stored == Stored::Nothing),
                Verdict::Replay => prop_assert_eq!(stored, Stored::Same),
                Verdict::Refuse { expected } => {
                    prop_assert_eq!(expected, last + 1);
                    prop_assert!(seq != last + 1 || stored == Stored::Other);
                }
            }
        }
    }

    #[test]
    fn gaps_steps_back_and_absurd_numbers_are_refused() {
        assert_eq!(verdict(4, 5, Stored::Nothing), Verdict::Process);
        assert_eq!(verdict(4, 7, Stored::Nothing), Verdict::Refuse { expected: 5 });
        assert_eq!(verdict(4, 3, Stored::Nothing), Verdict::Refuse { expected: 5 }, "a step back with nothing stored");
        assert_eq!(verdict(4, 3, Stored::Other), Verdict::Refuse { expected: 5 }, "a number reused for another mutation");
        assert_eq!(verdict(4, 3, Stored::Same), Verdict::Replay);
        assert_eq!(verdict(0, i64::MAX, Stored::Nothing), Verdict::Refuse { expected: 1 });
        assert_eq!(verdict(i64::MAX, i64::MAX, Stored::Other), Verdict::Refuse { expected: i64::MAX }, "no overflow");
        assert_eq!(verdict(0, 0, Stored::Nothing), Verdict::Refuse { expected: 1 });
        assert_eq!(verdict(0, -5, Stored::Nothing), Verdict::Refuse { expected: 1 });
    }
}
