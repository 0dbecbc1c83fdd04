import App
import Foundation

@main
struct Entry {
    static func main() async {
        QuartermasterCommand.runTasksOnEventLoops()
        let status = await QuartermasterCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }
}
