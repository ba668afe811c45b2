#include "agent/audit/secrets.h"

#include <gtest/gtest.h>

namespace mks::audit {
namespace {

TEST(Secrets, Redact_MasksEveryOccurrence) {
  Secrets secrets;
  secrets.add("hunter2");
  EXPECT_EQ(secrets.redact("type \"hunter2\" then hunter2!"), "type \"••••\" then ••••!");
}

TEST(Secrets, Redact_LongestFirst) {
  Secrets secrets;
  secrets.add("abc");
  secrets.add("abcdef");
  EXPECT_EQ(secrets.redact("xabcdefx abc"), "x••••x ••••");
}

TEST(Secrets, VeryShortValues_AreNotMasked) {
  Secrets secrets;
  secrets.add("1");
  secrets.add("");
  EXPECT_EQ(secrets.redact("login 1"), "login 1");
}

TEST(Secrets, NoSecrets_LeavesTextAlone) {
  EXPECT_EQ(Secrets().redact("wait_text \"login:\""), "wait_text \"login:\"");
}

}  // namespace
}  // namespace mks::audit
