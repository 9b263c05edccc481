//! The simulated bank's accounts and transactions: deterministic per person (a hash of the
//! identity number), over the thirteen months up to the reference date. Every person of the
//! population has a payment account (`Lönekonto`); every second one also a savings account.

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::population::SyntheticPerson;

/// One account as the bank keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimAccount {
    /// The bank's id of the account (`resourceId`).
    pub resource_id: String,
    /// The Swedish IBAN (24 characters, valid check digits).
    pub iban: String,
    /// The account's name as the PSU sees it.
    pub name: String,
    /// The product.
    pub product: String,
    /// The booked balance before the first transaction.
    pub opening_balance: Decimal,
    /// Every transaction, oldest first (the last ones may be pending).
    pub transactions: Vec<SimTransaction>,
}

/// One transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimTransaction {
    /// The bank's id (`transactionId`).
    pub id: String,
    /// When it was booked (or, pending, when it was made).
    pub booking_date: Date,
    /// Signed amount in SEK: positive in, negative out.
    pub amount: Decimal,
    /// The counterparty.
    pub counterparty: String,
    /// `remittanceInformationUnstructured`.
    pub remittance: String,
    /// Not yet booked.
    pub pending: bool,
}

impl SimAccount {
    /// The booked balance at the end of `date` (pending transactions left out).
    pub fn booked_balance(&self, date: Date) -> Decimal {
        self.opening_balance
            + self
                .transactions
                .iter()
                .filter(|t| !t.pending && t.booking_date <= date)
                .map(|t| t.amount)
                .sum::<Decimal>()
    }

    /// The available balance at `date`: booked, less pending outgoing payments.
    pub fn available_balance(&self, date: Date) -> Decimal {
        self.booked_balance(date)
            + self
                .transactions
                .iter()
                .filter(|t| t.pending && t.amount.is_sign_negative())
                .map(|t| t.amount)
                .sum::<Decimal>()
    }
}

/// FNV-1a over the identity number's digits, mixed with `salt`.
fn seed(person: &SyntheticPerson, salt: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for byte in person.personnummer.expose().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A Swedish IBAN for a 3-digit bank code and a 17-digit account number, with its ISO 13616
/// check digits.
pub(crate) fn swedish_iban(bank: &str, account: &str) -> String {
    let bban = format!("{bank}{account}");
    // The check: BBAN, then "SE00" as digits (S = 28, E = 14), mod 97.
    let digits = format!("{bban}281400");
    let remainder = digits
        .bytes()
        .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
    format!("SE{:02}{bban}", 98 - remainder)
}

fn kronor(whole: u64, ore: u64) -> Decimal {
    Decimal::new(i64::try_from(whole * 100 + ore % 100).unwrap_or(0), 2)
}

/// The person's accounts as of `today`.
pub fn accounts_of(person: &SyntheticPerson, today: Date) -> Vec<SimAccount> {
    let s = seed(person, 0);
    let account_number = format!("{:017}", s % 100_000_000_000_000_000);
    let mut payment = SimAccount {
        resource_id: format!("acc-{:012x}-1", s % 0x1_0000_0000_0000),
        iban: swedish_iban("500", &account_number),
        name: "Lönekonto".to_owned(),
        product: "Privatkonto".to_owned(),
        opening_balance: kronor(1_000 + s % 4_000, s / 7),
        transactions: Vec::new(),
    };
    let has_savings = s.is_multiple_of(2);
    let mut savings = SimAccount {
        resource_id: format!("acc-{:012x}-2", s % 0x1_0000_0000_0000),
        iban: swedish_iban(
            "500",
            &format!("{:017}", seed(person, 1) % 100_000_000_000_000_000),
        ),
        name: "Sparkonto".to_owned(),
        product: "Sparkonto".to_owned(),
        opening_balance: kronor(2_000 + s % 20_000, 0),
        transactions: Vec::new(),
    };
    let income = kronor(9_000 + s % 14_000, s / 11);
    let rent = kronor(4_200 + (s / 13) % 3_500, 0);
    let first = today.first_of_month().saturating_sub(13.months());
    let mut n = 0u32;
    let mut push =
        |account: &mut SimAccount, date: Date, amount: Decimal, who: &str, text: &str| {
            if date > today {
                return;
            }
            n += 1;
            account.transactions.push(SimTransaction {
                id: format!("{}-t{n:04}", account.resource_id),
                booking_date: date,
                amount,
                counterparty: who.to_owned(),
                remittance: text.to_owned(),
                pending: false,
            });
        };
    for month in 0..=13 {
        let m = first.saturating_add(month.months());
        let k = seed(person, 100 + u64::try_from(month).unwrap_or(0));
        let day = |d: i8| m.with().day(d).build().unwrap_or(m);
        push(&mut payment, day(1), -rent, "Bostadsbolaget AB", "Hyra");
        push(
            &mut payment,
            day(9),
            -kronor(250 + k % 1_300, k / 3),
            "ICA Kvantum",
            "Kortköp",
        );
        push(
            &mut payment,
            day(15),
            -kronor(180 + k % 600, k / 5),
            "Elbolaget AB",
            "Elräkning",
        );
        push(&mut payment, day(25), income, "Arbetsgivaren AB", "Lön");
        if has_savings {
            push(
                &mut payment,
                day(26),
                -kronor(200, 0),
                "Egen överföring",
                "Sparande",
            );
            push(
                &mut savings,
                day(26),
                kronor(200, 0),
                "Egen överföring",
                "Sparande",
            );
        }
    }
    payment.transactions.push(SimTransaction {
        id: format!("{}-pending", payment.resource_id),
        booking_date: today,
        amount: -kronor(89 + s % 400, 0),
        counterparty: "Coop".to_owned(),
        remittance: "Kortköp (reserverat)".to_owned(),
        pending: true,
    });
    let mut accounts = vec![payment];
    if has_savings {
        accounts.push(savings);
    }
    accounts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ISO 13616's own example checks (an IBAN is valid when, moved and as digits, it is 1
    /// mod 97), and the bank's IBANs are valid.
    #[test]
    fn ibans_have_valid_check_digits() {
        fn valid(iban: &str) -> bool {
            let moved = format!("{}{}", &iban[4..], &iban[..4]);
            let digits: String = moved
                .chars()
                .map(|c| c.to_digit(36).map(|d| d.to_string()).unwrap_or_default())
                .collect();
            digits
                .bytes()
                .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97)
                == 1
        }
        assert!(valid("SE4550000000058398257466"));
        assert_eq!(
            swedish_iban("500", "00000058398257466"),
            "SE4550000000058398257466"
        );
        let population = crate::Population::default();
        for person in population.persons().iter().take(50) {
            for account in accounts_of(person, population.reference_date()) {
                assert_eq!(account.iban.len(), 24);
                assert!(valid(&account.iban), "{}", account.iban);
            }
        }
    }

    #[test]
    fn accounts_are_deterministic_and_balances_add_up() {
        let population = crate::Population::default();
        let today = population.reference_date();
        let person = population.all_sources_person();
        let a = accounts_of(person, today);
        assert_eq!(a, accounts_of(person, today));
        let payment = &a[0];
        let booked: Decimal = payment
            .transactions
            .iter()
            .filter(|t| !t.pending)
            .map(|t| t.amount)
            .sum();
        assert_eq!(
            payment.booked_balance(today),
            payment.opening_balance + booked
        );
        assert!(payment.available_balance(today) < payment.booked_balance(today));
        assert!(payment.transactions.iter().all(|t| t.booking_date <= today));
        assert!(payment.transactions.iter().any(|t| t.remittance == "Lön"));
    }
}
