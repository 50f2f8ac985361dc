// SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "storeops/privacy/keys.hpp"
#include "storeops/testing/temp_dir.hpp"

namespace storeops::privacy {
namespace {

namespace fs = std::filesystem;

fs::perms PermissionsOf(const fs::path& path) {
  return fs::status(path).permissions() & fs::perms::mask;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LoadOrCreateMasterKey, CreatesA0600HexFileThenReusesIt) {
  storeops::testing::TempDir dir;
  const fs::path path = dir / "master.key";
  auto created = LoadOrCreateMasterKey(path);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(created->size(), kKeyBytes);
  EXPECT_EQ(PermissionsOf(path), fs::perms::owner_read | fs::perms::owner_write);
  const std::string text = ReadText(path);
  EXPECT_EQ(text.size(), 65U);
  EXPECT_EQ(text.back(), '\n');

  auto again = LoadOrCreateMasterKey(path);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->Equals(*created));
  EXPECT_EQ(ReadText(path), text);
  auto same_as_env = MasterKeyFromEnvironment(text);
  ASSERT_TRUE(same_as_env.has_value());
  EXPECT_TRUE(same_as_env->Equals(*created));
}

TEST(LoadOrCreateMasterKey, RefusesAFileReadableByOthersAndSaysHowToFixIt) {
  storeops::testing::TempDir dir;
  const fs::path path = dir / "master.key";
  ASSERT_TRUE(LoadOrCreateMasterKey(path).has_value());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto key = LoadOrCreateMasterKey(path);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(key.error().message.find(path.string()), std::string::npos);
  EXPECT_NE(key.error().message.find("chmod 600"), std::string::npos);

  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  EXPECT_FALSE(LoadOrCreateMasterKey(path).has_value());
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  EXPECT_TRUE(LoadOrCreateMasterKey(path).has_value());
}

TEST(LoadOrCreateMasterKey, RejectsAPartialFileInsteadOfOverwritingIt) {
  storeops::testing::TempDir dir;
  const fs::path path = dir / "master.key";
  {
    std::ofstream out(path);
    out << "abcd\n";
  }
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto key = LoadOrCreateMasterKey(path);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadText(path), "abcd\n");
}

TEST(LoadOrCreateMasterKey, RejectsAKeyFollowedByMoreContent) {
  storeops::testing::TempDir dir;
  const fs::path path = dir / "master.key";
  {
    std::ofstream out(path);
    out << std::string(64, 'a') << std::string(200, ' ') << "trailing";
  }
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto key = LoadOrCreateMasterKey(path);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(LoadOrCreateMasterKey, RefusesADirectoryAndReportsAMissingFolder) {
  storeops::testing::TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0700), 0);
  auto directory = LoadOrCreateMasterKey(dir.path());
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error().code, core::ErrorCode::kFailedPrecondition);

  auto missing = LoadOrCreateMasterKey(dir / "no-such-folder" / "master.key");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace storeops::privacy
