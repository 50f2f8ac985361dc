// SPDX-License-Identifier: Apache-2.0
#include "static_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "storeops/testing/temp_dir.hpp"

namespace storeops::api::internal {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "site" / "assets");
    std::ofstream(dir_ / "site" / "index.html") << "<h1>home</h1>";
    std::ofstream(dir_ / "site" / "assets" / "app.js") << "console.log(1)";
    std::ofstream(dir_ / "secret.txt") << "top secret";
    std::filesystem::create_symlink(dir_ / "secret.txt", dir_ / "site" / "link.txt");
  }

  Response Get(const std::string& path) {
    StaticFiles files(dir_ / "site");
    Request request;
    request.path = path;
    return files.Serve(request);
  }

  testing::TempDir dir_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  Response index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<h1>home</h1>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  Response script = Get("/assets/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, RefusesTraversalInEverySpelling) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/..\\secret.txt", "/a%00b", "/%zz"}) {
    Response response = Get(path);
    EXPECT_EQ(response.status, 400) << path;
    EXPECT_NE(response.body.find("INVALID_ARGUMENT"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, SymlinkOutOfTheRootIsNotServed) { EXPECT_EQ(Get("/link.txt").status, 404); }

TEST_F(StaticFilesTest, MissingFileOrRootIs404) {
  EXPECT_EQ(Get("/nope.js").status, 404);
  StaticFiles none(dir_ / "does-not-exist");
  Request request;
  request.path = "/";
  EXPECT_EQ(none.Serve(request).status, 404);
}

TEST_F(StaticFilesTest, ClientSideRoutesFallBackToIndex) {
  for (const char* path : {"/staffing", "/stores/store_001/map", "/forecasts/"}) {
    Response response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, "<h1>home</h1>") << path;
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8") << path;
  }
}

TEST_F(StaticFilesTest, MissingAssetsAndApiPathsDoNotFallBack) {
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
  EXPECT_EQ(Get("/favicon.ico").status, 404);
  EXPECT_EQ(Get("/api/v1/nothing").status, 404);
  EXPECT_EQ(Get("/api").status, 404);
  // Traversal is refused before any fallback.
  EXPECT_EQ(Get("/../staffing").status, 400);
}

TEST_F(StaticFilesTest, NoFallbackWithoutIndex) {
  std::filesystem::remove(dir_ / "site" / "index.html");
  EXPECT_EQ(Get("/staffing").status, 404);
}

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
  std::string out;
  EXPECT_TRUE(PercentDecode("/a%20b%2F", out));
  EXPECT_EQ(out, "/a b/");
  EXPECT_FALSE(PercentDecode("/a%2", out));
  EXPECT_FALSE(PercentDecode("/a%g0", out));
}

}  // namespace
}  // namespace storeops::api::internal
