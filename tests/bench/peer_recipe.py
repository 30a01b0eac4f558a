#!/usr/bin/env python3
"""The lecture's augmented recipes written plainly in Python PyTorch, as a user would write them:
ImageFolder-style files, torchvision transforms for the augmentation, a DataLoader, a VGG16 base
(frozen for fe-aug; block5 trainable for fine-tune), Flatten-Dense256-Dense1 head, RMSprop,
binary cross-entropy, fp32. `transferlab-cli bench --peer-recipe` runs it on the same images to
compare seconds per batch of 20 in the same minute.
Prints:  peer_recipe MODE seconds_per_batch=X (N batches after one warm-up)
usage: peer_recipe.py DATA_DIR [--mode fe-aug|fine-tune] [--batches 5] [--size 150]
                      [--batch 20] [--threads 0] [--workers 1]
"""
import argparse, os, time
import torch, torchvision
from torch.utils.data import DataLoader, Dataset
from PIL import Image

EXT = (".jpg", ".jpeg", ".png", ".bmp")


class Files(Dataset):
    def __init__(self, root, tf):
        classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        self.items = [(os.path.join(root, c, f), i) for i, c in enumerate(classes)
                      for f in sorted(os.listdir(os.path.join(root, c))) if f.lower().endswith(EXT)]
        self.tf = tf

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        return self.tf(Image.open(path).convert("RGB")), torch.tensor([float(label)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--mode", default="fe-aug", choices=["fe-aug", "fine-tune"])
    ap.add_argument("--batches", type=int, default=5)
    ap.add_argument("--size", type=int, default=150)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads or os.cpu_count())
    torch.manual_seed(0)
    # Keras' rotation 40, shifts 0.2, shear 0.2 (degrees in Keras), zoom 0.2, horizontal flip
    tf = torchvision.transforms.Compose([
        torchvision.transforms.Resize((a.size, a.size)),
        torchvision.transforms.RandomAffine(40, translate=(0.2, 0.2), shear=0.2, scale=(0.8, 1.2)),
        torchvision.transforms.RandomHorizontalFlip(),
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    base = torchvision.models.vgg16().features
    for p in base.parameters():
        p.requires_grad = False
    if a.mode == "fine-tune":
        for p in base[24:].parameters():  # block5_conv1 .. block5_pool
            p.requires_grad = True
    features = base(torch.zeros(1, 3, a.size, a.size)).numel()
    model = torch.nn.Sequential(base, torch.nn.Flatten(), torch.nn.Linear(features, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 1))
    lr = 2e-5 if a.mode == "fe-aug" else 1e-5
    optimizer = torch.optim.RMSprop([p for p in model.parameters() if p.requires_grad], lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    loader = DataLoader(Files(a.data, tf), batch_size=a.batch, shuffle=True, num_workers=a.workers)
    model.train()
    done, t0 = -1, None
    while done < a.batches:
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
            done += 1
            if done == 0:
                t0 = time.time()  # after the warm-up batch
            if done == a.batches:
                break
    dt = time.time() - t0
    print(f"peer_recipe {a.mode} seconds_per_batch={dt / a.batches:.4f} ({a.batches} batches after one warm-up)",
          flush=True)


if __name__ == "__main__":
    main()
