use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let settings = grouse::Settings { workspace_crates: vec!["tokens_sdk".into()], ..Default::default() };
    match grouse::regroup(&s, &settings) {
        Ok(grouse::Regrouped::Unchanged) => eprintln!("unchanged"),
        Ok(grouse::Regrouped::Changed { text, runs }) => { print!("{text}"); eprintln!("{runs:?}"); }
        Err(e) => eprintln!("error: {e}"),
    }
}
