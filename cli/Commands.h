#pragma once
#include <string>
#include <vector>

#include "cli/Console.h"

namespace tl::cli {

/// Each command parses its own arguments (those after the command words) and returns the exit
/// code. They throw UsageError for usage mistakes and tl::Error for failures; CommandLine turns
/// those into one line on stderr.
int datasetInspectCommand(const std::vector<std::string>& arguments, Console& console);
int datasetSplitCommand(const std::vector<std::string>& arguments, Console& console);
int modelSummaryCommand(const std::vector<std::string>& arguments, Console& console);
int benchCommand(const std::vector<std::string>& arguments, Console& console);
int extractCommand(const std::vector<std::string>& arguments, Console& console);
int trainCommand(const std::vector<std::string>& arguments, Console& console);
int evaluateCommand(const std::vector<std::string>& arguments, Console& console);
int exportCommand(const std::vector<std::string>& arguments, Console& console);
int predictCommand(const std::vector<std::string>& arguments, Console& console);
int demoCommand(const std::vector<std::string>& arguments, Console& console);
int lessonCommand(const std::vector<std::string>& arguments, Console& console);
int lessonPretrainCommand(const std::vector<std::string>& arguments, Console& console);
int weightsListCommand(const std::vector<std::string>& arguments, Console& console);
int weightsFetchCommand(const std::vector<std::string>& arguments, Console& console);
int weightsImportCommand(const std::vector<std::string>& arguments, Console& console);
int runsListCommand(const std::vector<std::string>& arguments, Console& console);
int runsShowCommand(const std::vector<std::string>& arguments, Console& console);
int runsCompareCommand(const std::vector<std::string>& arguments, Console& console);
int weightsVerifyCommand(const std::vector<std::string>& arguments, Console& console);

}  // namespace tl::cli
