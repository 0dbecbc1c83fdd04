import ArgumentParser
import Domain
import Fluent
import Foundation
import Vapor

/// Passwords come from standard input or a prompt without echo — never from an argument, where `ps` would show them.
enum PasswordInput {
    static func read(fromStandardInput: Bool) throws -> String {
        if fromStandardInput {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandFailure("no password on standard input")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("standard input is not a terminal; pass --password-stdin and pipe the password in")
        }
        let first = prompt("Password: ")
        let second = prompt("Repeat password: ")
        guard first == second else { throw CommandFailure("the two passwords differ") }
        return first
    }

    private static func prompt(_ text: String) -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return Swift.readLine(strippingNewline: true) ?? ""
    }
}
