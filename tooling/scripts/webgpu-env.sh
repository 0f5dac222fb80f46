# Source me: when no Vulkan driver is configured, point Dawn (the `webgpu` npm
# package) at SwiftShader from Debian's chromium package, so WebGPU runs on a
# machine without a GPU (software adapter: correctness only). Safe to source
# when the file is absent; never overrides a driver you configured.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -z "${VK_DRIVER_FILES:-}" ]; then
  for f in /usr/lib/chromium/vk_swiftshader_icd.json /usr/lib/chromium-browser/vk_swiftshader_icd.json; do
    if [ -f "$f" ]; then export VK_ICD_FILENAMES="$f"; break; fi
  done
fi
