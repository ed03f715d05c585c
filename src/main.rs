fn main() {
    std::process::exit(lattice::cli::run());
}
