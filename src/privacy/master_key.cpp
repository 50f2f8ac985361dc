// SPDX-License-Identifier: Apache-2.0
// The master key file. Hex rather than raw bytes: it survives copy-paste into a secret manager or
// STOREOPS_MASTER_KEY unchanged, and a truncated file is obvious to a person reading it.
#include <array>
#include <cerrno>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storeops/privacy/keys.hpp"

#include "crypto.hpp"

namespace storeops::privacy {
namespace {

constexpr std::size_t kHexKeyChars = 2 * kKeyBytes;

// Closes a descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}

  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }

  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

// Wipes a stack buffer that held key text, whatever the exit path.
template <std::size_t N>
struct WipedBuffer {
  std::array<char, N> data{};

  WipedBuffer() = default;
  WipedBuffer(const WipedBuffer&) = delete;
  WipedBuffer& operator=(const WipedBuffer&) = delete;

  ~WipedBuffer() { internal::Wipe(data.data(), data.size()); }
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string ErrnoText(int error) { return std::generic_category().message(error); }

tl::unexpected<core::Error> IoFailure(const std::filesystem::path& path, const char* what,
                                      int error) {
  return core::Fail(core::ErrorCode::kUnavailable, std::string("cannot ") + what +
                                                       " master key file '" + path.string() +
                                                       "': " + ErrnoText(error));
}

core::Result<SecretBytes> ParseHexKey(std::string_view text, const std::string& field) {
  SecretBytes key(kKeyBytes);
  const std::string_view trimmed = Trim(text);
  if (trimmed.size() != kHexKeyChars || !internal::HexDecode(trimmed, key.mutable_bytes())) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      field + " must be " + std::to_string(kHexKeyChars) + " hex digits",
                      {{field, "not a 256-bit hex key"}});
  }
  return key;
}

core::Result<SecretBytes> ReadKeyFile(const std::filesystem::path& path, int raw_fd) {
  const FileDescriptor fd(raw_fd);

  struct stat info {};

  if (::fstat(fd.get(), &info) != 0) {
    return IoFailure(path, "stat", errno);
  }
  if (!S_ISREG(info.st_mode)) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "master key file '" + path.string() + "' is not a regular file",
                      {{"master_key_file", "not a regular file"}});
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "master key file '" + path.string() +
                          "' is accessible by group or others; run `chmod 600 " + path.string() +
                          "`",
                      {{"master_key_file", "permissions too open"}});
  }
  // Room for the key, a newline and some slack; anything longer is not a key file.
  WipedBuffer<kHexKeyChars + 64> buffer;
  std::size_t used = 0;
  while (used < buffer.data.size()) {
    const ssize_t got = ::read(fd.get(), buffer.data.data() + used, buffer.data.size() - used);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return IoFailure(path, "read", errno);
    }
    if (got == 0) {
      break;
    }
    used += static_cast<std::size_t>(got);
  }
  // A full buffer means the file is longer than any key file: refuse it rather than read a prefix.
  const std::string_view text(buffer.data.data(), used == buffer.data.size() ? 0 : used);
  auto key = ParseHexKey(text, "master_key_file");
  if (!key) {
    key.error().message = "master key file '" + path.string() + "' " + "must hold " +
                          std::to_string(kHexKeyChars) + " hex digits";
  }
  return key;
}

// 0 on success, else the errno of the failed write.
int WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t wrote = ::write(fd, data, size);
    if (wrote < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    data += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
  return 0;
}

// Makes the new directory entry durable, so a crash cannot lose a key already used to seal.
void SyncParentDirectory(const std::filesystem::path& path) {
  const std::filesystem::path parent =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const FileDescriptor dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) {
    ::fsync(dir.get());
  }
}

core::Result<SecretBytes> CreateKeyFile(const std::filesystem::path& path, int raw_fd) {
  const FileDescriptor fd(raw_fd);
  auto key = GenerateKey();
  if (!key) {
    return key;
  }
  WipedBuffer<kHexKeyChars + 1> text;
  internal::HexEncodeInto(key->bytes(), text.data.data());
  text.data[kHexKeyChars] = '\n';
  if (const int error = WriteAll(fd.get(), text.data.data(), text.data.size()); error != 0) {
    return IoFailure(path, "write", error);
  }
  if (::fsync(fd.get()) != 0) {
    return IoFailure(path, "fsync", errno);
  }
  SyncParentDirectory(path);
  return key;
}

}  // namespace

core::Result<SecretBytes> LoadOrCreateMasterKey(const std::filesystem::path& path) {
  // Two rounds: if another process creates the file between our failed open and our O_EXCL
  // create, the second round reads what it wrote instead of overwriting it.
  for (int round = 0; round < 2; ++round) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      return ReadKeyFile(path, fd);
    }
    if (errno != ENOENT) {
      return IoFailure(path, "open", errno);
    }
    // 0600 at creation (never a chmod afterwards), so the key is not readable by others even for
    // an instant; the umask can only remove bits.
    const int created = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (created >= 0) {
      return CreateKeyFile(path, created);
    }
    if (errno != EEXIST) {
      return IoFailure(path, "create", errno);
    }
  }
  return core::Fail(core::ErrorCode::kUnavailable,
                    "master key file '" + path.string() + "' keeps appearing and disappearing");
}

core::Result<SecretBytes> MasterKeyFromEnvironment(std::string_view value) {
  return ParseHexKey(value, "STOREOPS_MASTER_KEY");
}

}  // namespace storeops::privacy
