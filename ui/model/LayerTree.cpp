#include "ui/model/LayerTree.h"

#include <QHeaderView>
#include <QLocale>
#include <QMenu>

namespace tl::ui {
namespace {

constexpr int kNameColumn = 0;
constexpr int kTypeColumn = 1;
constexpr int kShapeColumn = 2;
constexpr int kParametersColumn = 3;
constexpr int kLayerIndexRole = Qt::UserRole + 1;

QString shapeText(const std::vector<std::int64_t>& shape) {
    QStringList parts;
    for (const auto size : shape) parts << QString::number(size);
    return QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
}

}  // namespace

LayerTree::LayerTree(QWidget* parent) : QTreeWidget(parent) {
    setColumnCount(4);
    setHeaderLabels({tr("Layer (checked = trainable)"), tr("Type"), tr("Output shape"), tr("Params")});
    header()->setSectionResizeMode(kNameColumn, QHeaderView::Stretch);
    header()->setStretchLastSection(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setToolTip(
        tr("Tick a layer to train it, untick it to freeze it (its weights stay as loaded).\n"
           "Right-click a layer for \"Unfreeze from here\", which is how fine-tuning is set up.\n"
           "Unlike Keras, nothing needs recompiling after a change: the next run simply uses it."));
    connect(this, &QWidget::customContextMenuRequested, this, &LayerTree::showContextMenu);
    connect(this, &QTreeWidget::itemChanged, this, &LayerTree::onItemChanged);
}

void LayerTree::setSummary(const tl::ModelSummary& summary) {
    updating_ = true;
    clear();
    layers_ = summary.layers;
    auto* base = new QTreeWidgetItem(this, {tr("Convolutional base")});
    auto* head = new QTreeWidgetItem(this, {tr("Classifier head")});
    for (auto* group : {base, head}) {
        group->setFlags(Qt::ItemIsEnabled);
        auto font = group->font(kNameColumn);
        font.setBold(true);
        group->setFont(kNameColumn, font);
    }
    const QLocale locale;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const auto& layer = layers_[i];
        auto* item = new QTreeWidgetItem(layer.inBase ? base : head);
        item->setText(kNameColumn, QString::fromStdString(layer.name));
        item->setText(kTypeColumn, QString::fromStdString(layer.type));
        item->setText(kShapeColumn, shapeText(layer.outputShape));
        item->setText(kParametersColumn, locale.toString(static_cast<qlonglong>(layer.parameters)));
        item->setTextAlignment(kParametersColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(kNameColumn, kLayerIndexRole, static_cast<int>(i));
        QStringList aliases;
        for (const auto& alias : layer.aliases) aliases << QString::fromStdString(alias);
        if (!aliases.isEmpty())
            item->setToolTip(kNameColumn, tr("Also called: %1").arg(aliases.join(QStringLiteral(", "))));
        if (layer.parameters > 0) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(kNameColumn, layer.trainable ? Qt::Checked : Qt::Unchecked);
        } else {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            item->setForeground(kNameColumn, palette().brush(QPalette::Disabled, QPalette::Text));
        }
    }
    expandAll();
    for (int column = kTypeColumn; column <= kParametersColumn; ++column) resizeColumnToContents(column);
    updating_ = false;
}

std::vector<tl::LayerSummary> LayerTree::layers() const {
    auto layers = layers_;
    for (auto* item : layerItems()) {
        auto& layer = layers[static_cast<std::size_t>(item->data(kNameColumn, kLayerIndexRole).toInt())];
        if (layer.parameters > 0) layer.trainable = item->checkState(kNameColumn) == Qt::Checked;
    }
    return layers;
}

void LayerTree::setAllTrainable(bool trainable) {
    updating_ = true;
    for (auto* item : layerItems()) setLayerChecked(item, trainable);
    updating_ = false;
    Q_EMIT trainabilityChanged();
}

void LayerTree::freezeBase() {
    updating_ = true;
    for (auto* item : layerItems()) {
        setLayerChecked(item,
                        !layers_[static_cast<std::size_t>(item->data(kNameColumn, kLayerIndexRole).toInt())].inBase);
    }
    updating_ = false;
    Q_EMIT trainabilityChanged();
}

void LayerTree::unfreezeFrom(const QString& name) {
    updating_ = true;
    bool reached = false;
    for (auto* item : layerItems()) {
        reached = reached || item->text(kNameColumn) == name;
        setLayerChecked(item, reached);
    }
    updating_ = false;
    Q_EMIT trainabilityChanged();
}

void LayerTree::freezeUpTo(const QString& name) {
    updating_ = true;
    for (auto* item : layerItems()) {
        setLayerChecked(item, false);
        if (item->text(kNameColumn) == name) break;
    }
    updating_ = false;
    Q_EMIT trainabilityChanged();
}

void LayerTree::showContextMenu(const QPoint& position) {
    auto* item = itemAt(position);
    if (!item || !item->parent()) return;
    const auto name = item->text(kNameColumn);
    QMenu menu(this);
    menu.addAction(tr("Unfreeze from here"), this, [this, name] { unfreezeFrom(name); })
        ->setToolTip(tr("Freeze the layers before %1; train %1 and everything after it").arg(name));
    menu.addAction(tr("Freeze up to here"), this, [this, name] { freezeUpTo(name); });
    menu.addSeparator();
    menu.addAction(tr("Freeze the whole base"), this, &LayerTree::freezeBase);
    menu.addAction(tr("Unfreeze all"), this, [this] { setAllTrainable(true); });
    menu.exec(viewport()->mapToGlobal(position));
}

void LayerTree::setLayerChecked(QTreeWidgetItem* item, bool trainable) {
    if (item->flags() & Qt::ItemIsUserCheckable)
        item->setCheckState(kNameColumn, trainable ? Qt::Checked : Qt::Unchecked);
}

std::vector<QTreeWidgetItem*> LayerTree::layerItems() const {
    std::vector<QTreeWidgetItem*> items;
    for (int group = 0; group < topLevelItemCount(); ++group) {
        auto* parent = topLevelItem(group);
        for (int child = 0; child < parent->childCount(); ++child) items.push_back(parent->child(child));
    }
    return items;
}

void LayerTree::onItemChanged(QTreeWidgetItem* item, int column) {
    if (updating_ || column != kNameColumn || !item->parent()) return;
    Q_EMIT trainabilityChanged();
}

}  // namespace tl::ui
