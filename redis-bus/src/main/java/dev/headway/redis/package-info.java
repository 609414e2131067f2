/**
 * A {@link dev.headway.spi.ClusterBus} over Redis pub/sub, for trackers on any shared store:
 * {@link dev.headway.redis.RedisClusterBus}, built with {@link dev.headway.redis.RedisClusterBus#builder}.
 */
package dev.headway.redis;
