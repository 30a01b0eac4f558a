#pragma once
#include <string>

namespace tl {

/// Where a run stands, as summary.json records it ("running", "completed", "stopped", "failed").
/// A run whose process died keeps "running" on disk: only its own process moves it on.
enum class RunStatus { Running, Completed, Stopped, Failed };

/// The word summary.json and the command line use.
std::string toString(RunStatus status);
/// Inverse of toString; throws tl::Error naming the word and the accepted ones.
RunStatus parseRunStatus(const std::string& word);

}  // namespace tl
