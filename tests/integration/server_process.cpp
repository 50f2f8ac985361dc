// SPDX-License-Identifier: Apache-2.0
#include "server_process.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storeops/testing/fixtures.hpp"

namespace storeops::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::filesystem::path& output) {
  std::vector<std::string> argv_storage;
  argv_storage.emplace_back(STOREOPS_BINARY);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  const pid_t pid = ::fork();
  if (pid != 0) {
    return pid;
  }
  // Child: the repository root as working directory, so relative data paths resolve.
  if (::chdir(SourcePath("").c_str()) != 0) {
    ::_exit(126);
  }
  const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
  }
  std::vector<char*> argv;
  for (auto& arg : argv_storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

int WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

}  // namespace

CommandResult RunStoreops(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  char pattern[] = "/tmp/storeops-cmd-XXXXXX";
  const int fd = ::mkstemp(pattern);
  if (fd >= 0) {
    ::close(fd);
  }
  const pid_t pid = Spawn(args, pattern);
  CommandResult result;
  result.exit_code = WaitFor(pid, timeout);
  if (result.exit_code == -1) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  result.output = ReadFileText(pattern);
  ::unlink(pattern);
  return result;
}

ServerProcess::ServerProcess(const std::filesystem::path& db, const std::filesystem::path& work_dir,
                             std::vector<std::string> extra_args, std::string subcommand)
    : log_path_(work_dir / "server.log") {
  const auto port_file = work_dir / "port";
  std::filesystem::remove(port_file);
  std::vector<std::string> args = {std::move(subcommand), "--listen",    "127.0.0.1:0",     "--db",
                                   db.string(),           "--port-file", port_file.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = Spawn(args, log_path_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port && port != 0) {
      port_ = static_cast<uint16_t>(port);
      return;
    }
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;  // exited during start-up; Log() says why
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    Stop(SIGKILL, std::chrono::seconds(5));
  }
}

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int ServerProcess::Stop(int signal_number, std::chrono::seconds timeout) {
  if (pid_ <= 0) {
    return -1;
  }
  ::kill(pid_, signal_number);
  int code = WaitFor(pid_, timeout);
  if (code == -1) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  return code;
}

}  // namespace storeops::testing
