#include "ui/app/PresetLibrary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"

namespace tl::ui {

QStringList PresetLibrary::presetFiles() {
    QStringList files;
    for (const auto& name :
         QDir(QStringLiteral(":/presets")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        files << QStringLiteral(":/presets/") + name;
    }
    return files;
}

QString PresetLibrary::title(const QString& presetFile) {
    // "3-feature-extraction.json" -> "3 · Feature extraction"
    auto base = QFileInfo(presetFile).completeBaseName();
    const auto dash = base.indexOf(QLatin1Char('-'));
    const auto number = base.left(dash);
    auto words = base.mid(dash + 1).replace(QLatin1Char('-'), QLatin1Char(' '));
    if (!words.isEmpty()) words[0] = words[0].toUpper();
    return QStringLiteral("%1 · %2").arg(number, words);
}

tl::Experiment PresetLibrary::load(const QString& presetFile) {
    QFile file(presetFile);
    if (!file.open(QIODevice::ReadOnly)) throw tl::Error("cannot read preset " + presetFile.toStdString());
    const auto text = file.readAll().toStdString();
    return tl::parseExperiment(text, QFileInfo(presetFile).fileName().toStdString());
}

}  // namespace tl::ui
