#include "core/models/internal/Network.h"

#include <algorithm>
#include <string>

#include "core/models/internal/Backbones.h"
#include "core/models/internal/Head.h"
#include "core/models/internal/ImagenetTop.h"
#include "core/models/internal/LayerLookup.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl::internal {
namespace {

std::string sizeText(const ImageSize& size) {
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

/// BatchNorm's running mean and variance under `module`: Keras counts them as (non-trainable)
/// parameters. The step counter num_batches_tracked is not a weight.
std::int64_t statisticsCount(torch::nn::Module& module) {
    std::int64_t count = 0;
    for (const auto& item : module.named_buffers(/*recurse=*/true)) {
        if (item.value().is_floating_point()) count += item.value().numel();
    }
    return count;
}

std::vector<std::int64_t> withoutBatch(const torch::Tensor& x) {
    const auto sizes = x.sizes();
    return {sizes.begin() + 1, sizes.end()};
}

/// Runs `stages` on `x`, appending each output shape to `shapes`. A stage that cannot run on
/// its input (spatial size shrunk to nothing) becomes a tl::Error naming the stage.
torch::Tensor runForShapes(const std::vector<Stage>& stages, torch::Tensor x, const ModelSpec& spec,
                           std::vector<std::vector<std::int64_t>>& shapes) {
    for (const auto& stage : stages) {
        std::string cause;
        try {
            x = stage.forward(x);
            if (x.numel() == 0) cause = "its output is empty";
        } catch (const c10::Error& error) {
            cause = userMessage(error);
        }
        if (!cause.empty()) {
            throw Error("input " + sizeText(spec.input) + " is too small for backbone '" + spec.backbone + "': layer " +
                        stage.name + " fails (" + cause + "); use a larger input size");
        }
        shapes.push_back(withoutBatch(x));
    }
    return x;
}

/// A module holding the children, parameters and buffers of every module in `parts` under
/// their own names: one namespace over tensors that live elsewhere (nothing is copied).
std::shared_ptr<torch::nn::Module> viewOf(const std::vector<std::shared_ptr<torch::nn::Module>>& parts) {
    auto view = std::make_shared<torch::nn::Module>();
    for (const auto& part : parts) {
        for (const auto& child : part->named_children()) view->register_module(child.key(), child.value());
        for (const auto& item : part->named_parameters(/*recurse=*/false)) {
            view->register_parameter(item.key(), item.value(), item.value().requires_grad());
        }
        for (const auto& item : part->named_buffers(/*recurse=*/false)) view->register_buffer(item.key(), item.value());
    }
    return view;
}

}  // namespace

NetworkImpl::NetworkImpl(const ModelSpec& spec) : spec_(spec) {
    if (spec.input.width < 1 || spec.input.height < 1) {
        throw Error("input size must be positive, got " + sizeText(spec.input));
    }
    auto backbone = makeBackbone(spec.backbone);
    base_ = register_module("base", backbone.module);
    baseStages_ = std::move(backbone.stages);
    kerasLayers_ = std::move(backbone.kerasLayers);
    buildHead();
}

void NetworkImpl::buildHead() {
    // Inference mode: BatchNorm then needs no batch statistics (a batch of one would not do).
    torch::NoGradGuard noGrad;
    base_->eval();
    const auto features = runForShapes(baseStages_, torch::zeros({1, 3, spec_.input.height, spec_.input.width}), spec_,
                                       stageOutputShapes_);
    base_->train();
    baseOutputShape_ = withoutBatch(features);

    Head head;
    pretrained_ = base_;
    if (spec_.head.kind == HeadKind::Imagenet) {
        auto top = makeImagenetTop(spec_.backbone, baseOutputShape_);
        head = std::move(top.head);
        if (!kerasLayers_.empty())
            kerasLayers_.insert(kerasLayers_.end(), top.kerasLayers.begin(), top.kerasLayers.end());
        pretrained_ = viewOf({base_, head.module});
    } else {
        head = makeHead(spec_.head, baseOutputShape_);
    }
    head_ = register_module("head", head.module);
    headStages_ = std::move(head.stages);
    head_->eval();
    runForShapes(headStages_, features, spec_, stageOutputShapes_);
    head_->train();
    stageFrozen_.assign(baseStages_.size() + headStages_.size(), false);
}

std::vector<const Stage*> NetworkImpl::allStages() const {
    std::vector<const Stage*> stages;
    for (const auto& stage : baseStages_) stages.push_back(&stage);
    for (const auto& stage : headStages_) stages.push_back(&stage);
    return stages;
}

torch::Tensor NetworkImpl::forward(const torch::Tensor& images) {
    return forwardHead(forwardBase(images));
}

torch::Tensor NetworkImpl::forwardBase(const torch::Tensor& images) {
    return forwardBaseStages(images, 0, baseStages_.size());
}

torch::Tensor NetworkImpl::forwardHead(const torch::Tensor& features) {
    auto x = features;
    for (const auto& stage : headStages_) x = stage.forward(x);
    return x;
}

torch::Tensor NetworkImpl::forwardBaseStages(torch::Tensor x, std::size_t begin, std::size_t end) {
    if (begin > end || end > baseStages_.size()) {
        throw Error("base stages [" + std::to_string(begin) + ", " + std::to_string(end) +
                    ") out of range; the base has " + std::to_string(baseStages_.size()));
    }
    if (begin == 0 && (x.dim() != 4 || x.size(1) != 3)) {
        throw Error("the model expects images shaped (N, 3, H, W), got " + std::to_string(x.dim()) + " dimensions");
    }
    for (std::size_t i = begin; i < end; ++i) x = baseStages_[i].forward(x);
    return x;
}

void NetworkImpl::applyFreeze(const FreezePlan& plan) {
    const auto stages = allStages();
    // Resolve every name before touching anything, so a bad plan leaves the model as it was.
    std::size_t trainableFrom = 0;
    if (plan.base == FreezePlan::Base::TrainableFrom) {
        if (plan.from.empty()) throw Error("the freeze plan says 'trainable from' but names no layer");
        trainableFrom = std::min(findStage(stages, plan.from), baseStages_.size());
    }
    std::vector<std::size_t> frozen;
    std::vector<std::size_t> trainable;
    for (const auto& name : plan.frozen) frozen.push_back(findStage(stages, name));
    for (const auto& name : plan.trainable) trainable.push_back(findStage(stages, name));

    std::vector<bool> isFrozen(stages.size(), false);
    for (std::size_t i = 0; i < baseStages_.size(); ++i) {
        isFrozen[i] = plan.base == FreezePlan::Base::Frozen ||
                      (plan.base == FreezePlan::Base::TrainableFrom && i < trainableFrom);
    }
    for (const auto i : frozen) isFrozen[i] = true;
    for (const auto i : trainable) isFrozen[i] = false;

    for (auto& parameter : parameters()) parameter.requires_grad_(true);
    for (std::size_t i = 0; i < stages.size(); ++i) {
        for (auto& parameter : stages[i]->parameters()) parameter.requires_grad_(!isFrozen[i]);
    }
    stageFrozen_ = isFrozen;
}

void NetworkImpl::useChannelsLast() {
    torch::NoGradGuard noGrad;
    for (auto& parameter : parameters()) {
        if (parameter.dim() == 4) parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
    }
}

ModelSummary NetworkImpl::summarize() {
    ModelSummary summary;
    const auto stages = allStages();
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const auto& stage = *stages[i];
        LayerSummary row{stage.name,       stage.aliases,         stage.type, stageOutputShapes_[i], 0,
                         !stageFrozen_[i], i < baseStages_.size()};
        const auto stageParameters = stage.parameters();
        for (const auto& parameter : stageParameters) row.parameters += parameter.numel();
        for (const auto& module : stage.modules) row.statistics += statisticsCount(*module);
        row.parameters += row.statistics;
        if (!stageParameters.empty()) {
            row.trainable = std::any_of(stageParameters.begin(), stageParameters.end(),
                                        [](const torch::Tensor& p) { return p.requires_grad(); });
        }
        summary.layers.push_back(std::move(row));
    }
    for (const auto& parameter : parameters()) {
        summary.totalParameters += parameter.numel();
        if (parameter.requires_grad()) summary.trainableParameters += parameter.numel();
    }
    summary.totalParameters += statisticsCount(*this);
    summary.nonTrainableParameters = summary.totalParameters - summary.trainableParameters;
    return summary;
}

void NetworkImpl::setTraining(bool on) {
    train(on);
    if (!on) return;
    for (const auto* stage : allStages()) {
        const auto stageParameters = stage->parameters();
        const bool allFrozen =
            !stageParameters.empty() && std::none_of(stageParameters.begin(), stageParameters.end(),
                                                     [](const torch::Tensor& p) { return p.requires_grad(); });
        if (!allFrozen) continue;
        for (const auto& module : stage->modules) {
            for (const auto& child : module->modules(/*include_self=*/true)) {
                if (auto* norm = child->as<torch::nn::BatchNorm2d>()) norm->eval();
            }
        }
    }
}

}  // namespace tl::internal
