/** Design time over app packages: validation, diff and publishing. */
package io.tradewind.designer;
