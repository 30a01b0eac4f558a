#!/usr/bin/python3
"""Writes the fuzzers' seed corpora: small valid files of each kind, written by the tools users'
files come from (Debian's python3-torch, python3-h5py, Pillow, zipfile), plus a few edge cases.

    /usr/bin/python3 tests/fuzz/make_corpus.py tests/fuzz/corpus

The same files on every run (fixed seeds, fixed zip timestamps), except legacy.pth, whose
storage keys are Python object ids."""
import io
import json
import os
import pickle
import sys
import zipfile

import h5py
import numpy as np
import torch
from PIL import Image

out = sys.argv[1]


def write(target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


torch.manual_seed(0)
state = {'features.0.weight': torch.randn(2, 3, 3, 3), 'features.0.bias': torch.zeros(2),
         'classifier.weight': torch.randn(1, 4).half()}

# PyTorch checkpoints: the zip container, the legacy format, a checkpoint dict around a state dict.
for name, value, zipped in [('state_dict.pth', state, True), ('legacy.pth', state, False),
                            ('checkpoint.pth', {'epoch': 3, 'state_dict': state}, True)]:
    buffer = io.BytesIO()
    torch.save(value, buffer, _use_new_zipfile_serialization=zipped)
    data = buffer.getvalue()
    if zipped:
        source = zipfile.ZipFile(io.BytesIO(data))
        pickled = [n for n in source.namelist() if n.endswith('data.pkl')][0]
        write('fuzz_pickle', name.replace('.pth', '.pkl'), source.read(pickled))
    write('fuzz_torch_checkpoint', name, data)
write('fuzz_pickle', 'protocol2.pkl', pickle.dumps({'a': [1, 2.5, 'x', b'y', (None, True)]}, protocol=2))
write('fuzz_pickle', 'nested.pkl', b'(' * 64 + b'l' * 64 + b'.')

# Keras weights files as save_weights writes them: layer_names, weight_names, datasets.
rng = np.random.default_rng(0)
for name, wrap in [('save_weights.h5', False), ('model_save.h5', True)]:
    buffer = io.BytesIO()
    with h5py.File(buffer, 'w') as f:
        root = f.create_group('model_weights') if wrap else f
        root.attrs['layer_names'] = [b'block1_conv1', b'dense']
        conv = root.create_group('block1_conv1')
        conv.attrs['weight_names'] = [b'block1_conv1/kernel:0', b'block1_conv1/bias:0']
        conv.create_dataset('block1_conv1/kernel:0', data=rng.standard_normal((3, 3, 3, 2), dtype=np.float32))
        conv.create_dataset('block1_conv1/bias:0', data=np.zeros(2, dtype=np.float32))
        dense = root.create_group('dense')
        dense.attrs['weight_names'] = [b'dense/kernel:0']
        dense.create_dataset('dense/kernel:0', data=rng.standard_normal((4, 1)).astype(np.float64))
    write('fuzz_keras_weights', name, buffer.getvalue())

# Experiment files: the shortest valid one and a full one.
write('fuzz_experiment_file', 'minimal.json', json.dumps({'data': {'path': '/data'}}).encode())
write('fuzz_experiment_file', 'full.json', json.dumps({
    'name': 'fine', 'description': 'x',
    'data': {'path': 'photos', 'layout': 'kaggle', 'split': {'train': 10, 'validation': 5, 'test': 5, 'seed': 1}},
    'model': {'backbone': 'vgg16', 'weights': 'imagenet', 'input_size': [150, 150], 'preprocessing': 'auto',
              'head': {'pooling': 'flatten', 'units': 256, 'dropout': 0.5},
              'freeze': {'base': 'trainable', 'trainable_from': 'block5_conv1'}},
    'training': {'regime': 'fine-tune', 'optimizer': {'name': 'rmsprop', 'learning_rate': 1e-5},
                 'epochs': 3, 'batch_size': 20, 'steps_per_epoch': 10, 'augment': True,
                 'augmentation': {'rotation_range': 40, 'width_shift_range': 0.2, 'height_shift_range': 0.2,
                                  'shear_range': 0.2, 'zoom_range': 0.2, 'horizontal_flip': True},
                 'augmentation_pool': 10, 'early_stop_patience': 3, 'seed': 42, 'threads': 2,
                 'precision': 'auto'}}, indent=1).encode())

# Split files, as `dataset split --out` writes them.
write('fuzz_split_file', 'split.json', json.dumps({
    'format': 'transferlab-split', 'version': 1, 'root': '/data', 'classes': ['cat', 'dog'],
    'train': [{'path': 'cat.1.jpg', 'label': 0}, {'path': 'dog.1.jpg', 'label': 1}],
    'validation': [{'path': 'cat.2.jpg', 'label': 0}], 'test': []}, indent=1).encode())

# Images: each format a scan reads, small, with the variants decoders trip on.
gradient = Image.fromarray(np.add.outer(np.arange(16), np.arange(20)).astype(np.uint8) * 6)
colour = Image.merge('RGB', [gradient, gradient.transpose(Image.FLIP_LEFT_RIGHT), gradient.rotate(180)])
images = {'rgb.jpg': (colour, 'JPEG', {'quality': 80}), 'progressive.jpg': (colour, 'JPEG', {'progressive': True}),
          'cmyk.jpg': (colour.convert('CMYK'), 'JPEG', {}), 'gray.png': (gradient, 'PNG', {}),
          'rgba.png': (colour.convert('RGBA'), 'PNG', {}), 'palette.png': (colour.convert('P'), 'PNG', {}),
          'image.bmp': (colour, 'BMP', {}), 'image.tiff': (colour, 'TIFF', {}), 'image.webp': (colour, 'WEBP', {})}
for name, (image, kind, options) in images.items():
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    write('fuzz_image_decoder', name, buffer.getvalue())
buffer = io.BytesIO()
Image.fromarray((np.arange(16 * 20 * 3).reshape(16, 20, 3) * 250).astype(np.uint16)[:, :, 0]).save(buffer, 'PNG')
write('fuzz_image_decoder', 'sixteen-bit.png', buffer.getvalue())

# Zip archives of a data set: deflated and stored entries, a folder entry, Kaggle's layout.
jpeg = io.BytesIO()
colour.save(jpeg, 'JPEG')
for name, method in [('deflated.zip', zipfile.ZIP_DEFLATED), ('stored.zip', zipfile.ZIP_STORED)]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', method) as archive:
        archive.writestr(zipfile.ZipInfo('train/', date_time=(2020, 1, 1, 0, 0, 0)), b'')
        for entry in ['train/cat.0.jpg', 'train/dog.0.jpg']:
            archive.writestr(zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0)), jpeg.getvalue(),
                             compress_type=method)
    write('fuzz_zip_archive', name, buffer.getvalue())
